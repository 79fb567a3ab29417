import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import { AckType, encodePublish, measurePublish, writeAck, writePublish, writePublishHeader } from '../../codec/encode-publish';
import type { QoS } from '../../codec/packet';
import type { MqttError } from '../../errors';

/** Told when queued bytes reached the transport, or never will. */
export interface WriteListener {
  /**
   * The bytes were handed to `Connection.write` (`error` null), or the connection went
   * away before they were written (its error).
   */
  writeSettled(error: MqttError | null): void;
}

/** Told once when a full transport buffer has drained (see {@link WriteBatcher.whenWritable}). */
export interface WritableWaiter {
  writable(): void;
}

/** Largest batch: one that reaches it is written at once. */
export const MAX_BATCH_BYTES = 65536;

/**
 * Largest batch counting the payloads it holds as views: they are not copied, and
 * fewer, larger writes carry large payloads far more cheaply than 64 KB ones.
 */
export const MAX_VIEW_BATCH_BYTES = 1048576;

/** Smallest batch buffer: a turn that sends one PUBACK should not allocate much. */
const MIN_BATCH_BYTES = 64;

/**
 * Byte payloads of at least this size are not copied into the batch: the batch gets
 * their PUBLISH header, and the payload goes out as its own view, written right after
 * it in the same flush (copying 4 KB costs more than a write of its own).
 */
export const VIEW_PAYLOAD_BYTES = 2048;

/**
 * Gathers the packets queued during one event-loop turn and hands them to the
 * transport as one write (each packet whole), flushing on `scheduler`
 * (`asapScheduler`, a microtask, in production; any scheduler in tests, so virtual time
 * flushes deterministically). A batch that reaches {@link MAX_BATCH_BYTES} is written at once,
 * so a long synchronous loop of publishes never piles up more than that here.
 *
 * Small packets are copied into one batch buffer as they come, and a PUBLISH is encoded
 * straight into it ({@link enqueuePublish}): no array per packet, no concatenation at
 * the flush. A PUBLISH whose byte payload is {@link VIEW_PAYLOAD_BYTES} or more leaves
 * only its header in the buffer; the payload itself is kept as a view (not copied, so it
 * must not change until written; views fill a batch up to {@link MAX_VIEW_BATCH_BYTES}) and the flush writes the buffer's pieces and those
 * views in order, several writes in a row (a socket adapter corks them into one). The
 * buffer is sized from the previous batch (a burst gets 64 KB buffers, a lone PUBACK a
 * small one) and never reused after it was written, since the transport may hold on to
 * it. A packet of {@link MAX_BATCH_BYTES} or more is written as it is.
 *
 * @example
 * ```ts
 * const batcher = new WriteBatcher((b) => connection.write(b), asapScheduler, () => activity.next('sent'));
 * batcher.enqueue(encodePacket(puback1));
 * batcher.enqueuePublish('t', payload, 1, false, false, 7); // both leave in one write, after this turn
 * ```
 */
export class WriteBatcher {
  private buffer: Uint8Array | null = null;
  private used = 0;
  /** Where the buffer's bytes not yet in {@link pieces} start. */
  private pieceStart = 0;
  /** What the batch writes before the rest of the buffer: buffer pieces and payload views, in order. */
  private pieces: Uint8Array[] = [];
  /** Bytes in {@link pieces}. */
  private pieceBytes = 0;
  /** Bytes of the payload views among {@link pieces}. */
  private viewBytes = 0;
  /** Size for the next batch buffer, from the last batch. */
  private nextSize = MIN_BATCH_BYTES;
  /** Batches written so far. */
  private flushes = 0;
  private listeners: WriteListener[] = [];
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
  ) {}

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
    const n = bytes.length;
    if (n < MAX_BATCH_BYTES) {
      const buffer = this.room(n);
      if (buffer !== null) {
        buffer.set(bytes, this.used);
        this.used += n;
        return this.queued(listener);
      }
    } else {
      // too big to batch: what is queued goes first, then this as it is
      this.flush();
      if (this.closedWith === null) return this.write(bytes, listener ? [listener] : []);
    }
    if (listener) listener.writeSettled(this.closedWith);
  }

  /**
   * Encodes a PUBLISH straight into the batch (see `encodePublish` for the arguments).
   * Nothing is queued when the arguments are bad.
   *
   * @throws as `encodePublish` (TypeError / RangeError), before anything is queued
   */
  enqueuePublish(
    topic: string,
    payload: Uint8Array | string,
    qos: QoS,
    retain: boolean,
    dup: boolean,
    packetId: number | undefined,
    listener?: WriteListener,
  ): void {
    const n = measurePublish(topic, payload, qos, retain, dup, packetId);
    const view = typeof payload !== 'string' && payload.length >= VIEW_PAYLOAD_BYTES;
    if (n >= MAX_BATCH_BYTES && !view) return this.enqueue(encodePublish(topic, payload, qos, retain, dup, packetId), listener);
    const inBuffer = view ? n - payload.length : n;
    const flushes = this.flushes;
    const buffer = this.room(inBuffer, n);
    if (buffer === null) {
      if (listener) listener.writeSettled(this.closedWith);
      return;
    }
    // what a flush in room() ran may have encoded another packet since this one was measured
    if (this.flushes !== flushes) measurePublish(topic, payload, qos, retain, dup, packetId);
    if (!view) this.used = writePublish(buffer, this.used, topic, payload, packetId);
    else {
      this.used = writePublishHeader(buffer, this.used, topic, packetId);
      this.pieces.push(buffer.subarray(this.pieceStart, this.used), payload as Uint8Array);
      this.pieceBytes += this.used - this.pieceStart + payload.length;
      this.viewBytes += payload.length;
      this.pieceStart = this.used;
    }
    this.queued(listener);
  }

  /**
   * Queues a two-byte acknowledgement (see `encodeAck`: 4 PUBACK, 5 PUBREC, 6 PUBREL,
   * 7 PUBCOMP, 11 UNSUBACK) for `packetId` (1–65535, as decoded), written straight into the batch.
   */
  enqueueAck(type: AckType, packetId: number): void {
    const buffer = this.room(4);
    if (buffer === null) return;
    this.used = writeAck(buffer, this.used, type, packetId);
    this.queued(undefined);
  }

  /** Writes everything queued now: one write, or one per piece when payloads went in as views. */
  flush(): void {
    const buffer = this.buffer;
    const used = this.used;
    const pieces = this.pieces;
    const tail = this.pieceStart;
    const listeners = this.takeBatch();
    if (buffer === null) return; // nothing queued, or closed
    this.flushes++;
    this.nextSize = batchSize(used * 2);
    if (pieces.length === 0) return this.write(used === buffer.length ? buffer : buffer.subarray(0, used), listeners);
    let accepted = true;
    for (let i = 0; i < pieces.length; i++) accepted = this.sink(pieces[i]) && accepted;
    if (used > tail) accepted = this.sink(buffer.subarray(tail, used)) && accepted;
    this.wrote(accepted, listeners);
  }

  /** Drops what is queued, failing its listeners with `error`; later enqueues fail too. */
  close(error: MqttError): void {
    if (this.closedWith !== null) return;
    this.closedWith = error;
    this.waiters = [];
    const listeners = this.takeBatch();
    for (let i = 0; i < listeners.length; i++) listeners[i].writeSettled(error);
  }

  /** Empties the batch and cancels its scheduled flush; returns the listeners it had. */
  private takeBatch(): WriteListener[] {
    const pending = this.pending;
    const listeners = this.listeners;
    this.pending = null;
    this.buffer = null;
    this.used = 0;
    this.pieceStart = 0;
    this.pieces = [];
    this.pieceBytes = 0;
    this.viewBytes = 0;
    this.listeners = [];
    if (pending !== null) pending.unsubscribe();
    return listeners;
  }

  private write(bytes: Uint8Array, listeners: WriteListener[]): void {
    this.wrote(this.sink(bytes), listeners);
  }

  private wrote(accepted: boolean, listeners: WriteListener[]): void {
    this.lastWriteAccepted = accepted;
    this.flushed();
    for (let i = 0; i < listeners.length; i++) listeners[i].writeSettled(null);
  }

  /**
   * The batch buffer with room for `n` more bytes (`n` < MAX_BATCH_BYTES) of a packet
   * that adds `added` bytes to the batch (more when its payload goes as a view): the
   * current one, grown, or a fresh one after writing the full batch. Null when that write
   * closed the batcher. A flush here may run listeners that queue packets themselves,
   * hence the loop.
   */
  private room(n: number, added = n): Uint8Array | null {
    for (;;) {
      if (this.closedWith !== null) return null;
      const buffer = this.buffer;
      const used = this.used;
      const fits = this.copiedBytes() + n <= MAX_BATCH_BYTES && this.batchBytes() + added <= MAX_VIEW_BATCH_BYTES;
      if (buffer !== null && used + n <= buffer.length && fits) return buffer;
      if (buffer === null || fits || this.batchBytes() === 0) {
        // at least the unwritten part + n: that is below MAX_BATCH_BYTES here, and at most half the wish
        const start = this.pieceStart;
        const grown = new Uint8Array(batchSize(Math.max(this.nextSize, 2 * (used - start + n))));
        // pieces keep their views of the old buffer; only what follows them moves
        if (buffer !== null) grown.set(start === 0 ? buffer.subarray(0, used) : buffer.subarray(start, used));
        this.buffer = grown;
        this.used = used - start;
        this.pieceStart = 0;
        return grown;
      }
      this.flush();
    }
  }

  /** Bytes of the batch copied into buffers (limited to {@link MAX_BATCH_BYTES}). */
  private copiedBytes(): number {
    return this.pieceBytes - this.viewBytes + this.used - this.pieceStart;
  }

  /** Bytes of the whole batch, views included (limited to {@link MAX_VIEW_BATCH_BYTES}). */
  private batchBytes(): number {
    return this.pieceBytes + this.used - this.pieceStart;
  }

  private queued(listener: WriteListener | undefined): void {
    if (listener) this.listeners.push(listener);
    if (this.copiedBytes() >= MAX_BATCH_BYTES || this.batchBytes() >= MAX_VIEW_BATCH_BYTES) this.flush();
    else if (this.pending === null) this.pending = this.scheduler.schedule(flushAction, 0, this);
  }
}

function batchSize(wanted: number): number {
  return wanted < MIN_BATCH_BYTES ? MIN_BATCH_BYTES : wanted > MAX_BATCH_BYTES ? MAX_BATCH_BYTES : wanted;
}

function flushAction(this: SchedulerAction<WriteBatcher>, batcher?: WriteBatcher): void {
  if (batcher) batcher.flush();
}
