import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import type { MqttError } from '../errors';

/** Told when queued bytes reached the transport, or never will. */
export interface WriteListener {
  /** The bytes were handed to `Connection.write`. */
  written(): void;
  /** The connection went away before they were written. */
  writeFailed(error: MqttError): void;
}

/** Told once when a full transport buffer has drained (see {@link WriteBatcher.whenWritable}). */
export interface WritableWaiter {
  writable(): void;
}

/** Default largest batch: above it the batch is written at once. */
export const DEFAULT_MAX_BATCH_BYTES = 65536;

/**
 * Gathers the packets queued during one event-loop turn and hands them to the
 * transport as one write of the concatenated bytes (each packet whole), flushing on
 * `scheduler` (`asapScheduler`, a microtask, in production; any scheduler in tests,
 * so virtual time flushes deterministically). A batch that reaches `maxBatchBytes`
 * is written at once, so a long synchronous loop of publishes never piles up more
 * than that here.
 *
 * @example
 * ```ts
 * const batcher = new WriteBatcher((b) => connection.write(b), asapScheduler, () => activity.next('sent'));
 * batcher.enqueue(encodePacket(puback1));
 * batcher.enqueue(encodePacket(puback2)); // both leave in one write, after this turn
 * ```
 */
export class WriteBatcher {
  private chunks: Uint8Array[] = [];
  private listeners: WriteListener[] = [];
  private bytes = 0;
  private pending: Subscription | null = null;
  private closedWith: MqttError | null = null;
  private lastWriteAccepted = true;
  private waiters: WritableWaiter[] = [];

  /**
   * @param sink writes bytes to the transport; returns false when its buffer is full.
   * @param scheduler when to flush (after the current turn).
   * @param flushed called after every write (keepalive counts it as "sent").
   */
  constructor(
    private readonly sink: (bytes: Uint8Array) => boolean,
    private readonly scheduler: SchedulerLike,
    private readonly flushed: () => void,
    private readonly maxBatchBytes: number = DEFAULT_MAX_BATCH_BYTES,
  ) {}

  /** Bytes queued and not yet written. */
  get queuedBytes(): number {
    return this.bytes;
  }

  /** False while the transport said its send buffer is full (see {@link whenWritable}). */
  get writable(): boolean {
    return this.lastWriteAccepted;
  }

  /** Marks the transport's buffer as drained and tells the waiters. */
  drained(): void {
    this.lastWriteAccepted = true;
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    for (let i = 0; i < waiters.length; i++) waiters[i].writable();
  }

  /**
   * Tells `waiter` once, on the next {@link drained}, that writing may go on: how a
   * streaming publisher paces itself to the socket. Dropped when the batcher closes
   * (the waiter then learns of the new connection from elsewhere).
   */
  whenWritable(waiter: WritableWaiter): void {
    this.waiters.push(waiter);
  }

  /**
   * Queues one or more whole packets. `listener` hears when they are written.
   * After {@link close} the listener fails at once with the close error.
   */
  enqueue(bytes: Uint8Array, listener?: WriteListener): void {
    if (this.closedWith !== null) {
      if (listener) listener.writeFailed(this.closedWith);
      return;
    }
    this.chunks.push(bytes);
    if (listener) this.listeners.push(listener);
    this.bytes += bytes.length;
    if (this.bytes >= this.maxBatchBytes) this.flush();
    else if (this.pending === null) this.pending = this.scheduler.schedule(flushAction, 0, this);
  }

  /** Writes everything queued now, as one write. */
  flush(): void {
    if (this.pending !== null) {
      const pending = this.pending;
      this.pending = null;
      pending.unsubscribe();
    }
    const chunks = this.chunks;
    if (chunks.length === 0 || this.closedWith !== null) return;
    const listeners = this.listeners;
    const total = this.bytes;
    this.chunks = [];
    this.listeners = [];
    this.bytes = 0;
    let out: Uint8Array;
    if (chunks.length === 1) out = chunks[0];
    else {
      out = new Uint8Array(total);
      let offset = 0;
      for (let i = 0; i < chunks.length; i++) {
        out.set(chunks[i], offset);
        offset += chunks[i].length;
      }
    }
    this.lastWriteAccepted = this.sink(out);
    this.flushed();
    for (let i = 0; i < listeners.length; i++) listeners[i].written();
  }

  /** Drops what is queued, failing its listeners with `error`; later enqueues fail too. */
  close(error: MqttError): void {
    if (this.closedWith !== null) return;
    this.closedWith = error;
    if (this.pending !== null) this.pending.unsubscribe();
    this.pending = null;
    const listeners = this.listeners;
    this.chunks = [];
    this.listeners = [];
    this.waiters = [];
    this.bytes = 0;
    for (let i = 0; i < listeners.length; i++) listeners[i].writeFailed(error);
  }
}

function flushAction(this: SchedulerAction<WriteBatcher>, batcher?: WriteBatcher): void {
  if (batcher) batcher.flush();
}
