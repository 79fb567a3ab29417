import type { NodeAddress, NodeLink } from './node-link';
import type { GatewayEvent } from './gateway-event';
import { errorMessageOf } from './error-message-of';
import { encodeNodeMessage } from './node-message';
import { NodeQueue } from './node-queue';

/** One message on its way to a node: seed 004's 3-list `[topic, message, retained]`. */
export interface OutboxEntry {
  topic: string;
  message: string;
  retained: boolean;
}

/**
 * Where an outbox sends and how it makes a datagram, asked at each send: a keyed node's
 * address is the source of its last authenticated datagram, and each datagram to it is
 * signed with the next counter.
 */
export interface OutboxTarget {
  address(): NodeAddress;
  datagram(entry: OutboxEntry): Uint8Array;
}

/** The seed's plain datagrams, to the node's own address. */
function plainTarget(address: NodeAddress): OutboxTarget {
  return { address: () => address, datagram: (e) => encodeNodeMessage(e.topic, e.message, e.retained) };
}

/**
 * Delivers messages to one node as seed 004 does. In low-power mode every message is
 * queued and {@link flush} (called right after the node's next publication) sends the
 * queue. Otherwise a message is sent at once, and queued only when sending fails or
 * older messages are still queued (so order holds). The queue holds `qlen` messages and
 * drops the oldest on overflow (`dropped` event, counted in {@link drops}).
 *
 * `flush` sends one message at a time and stops at the first failed send, leaving that
 * message and the rest queued for the next publication.
 *
 * @example
 * ```ts
 * const outbox = new NodeOutbox('127.0.0.1:40001', link, 10, (e) => events.next(e));
 * outbox.deliver({ topic: 'allnodes', message: 'red', retained: false }, true); // queued
 * outbox.flush();                                   // sent
 * ```
 */
export class NodeOutbox {
  private readonly queue: NodeQueue<OutboxEntry>;
  private flushing = false;
  private closed = false;

  constructor(
    readonly address: NodeAddress,
    private readonly link: NodeLink,
    qlen: number,
    private readonly emit: (event: GatewayEvent) => void,
    private readonly target: OutboxTarget = plainTarget(address),
  ) {
    this.queue = new NodeQueue<OutboxEntry>(qlen);
  }

  /** Messages dropped from this node's full queue. */
  get drops(): number {
    return this.queue.drops;
  }

  /** Messages waiting for this node. */
  get length(): number {
    return this.queue.length;
  }

  /** Queues `entry` (low-power mode, or older messages waiting), or sends it at once, queueing it if that fails. */
  deliver(entry: OutboxEntry, lpmode: boolean): void {
    if (lpmode || this.flushing || this.queue.length > 0) {
      this.enqueue(entry);
      return;
    }
    this.send(entry, () => undefined, () => this.enqueue(entry));
  }

  /** Sends the queued messages in order, one at a time, stopping at the first failure. */
  flush(): void {
    if (this.flushing || this.closed) return;
    const entry = this.queue.peek();
    if (entry === undefined) return;
    this.flushing = true;
    this.send(
      entry,
      () => {
        this.flushing = false;
        if (this.queue.peek() === entry) this.queue.shift();
        this.flush();
      },
      () => {
        this.flushing = false;
      },
    );
  }

  /** Stops sending: later deliveries queue, flushes do nothing. */
  close(): void {
    this.closed = true;
  }

  private enqueue(entry: OutboxEntry): void {
    const dropped = this.queue.push(entry);
    if (dropped !== undefined) this.emit({ type: 'dropped', to: this.address, topic: dropped.topic });
    this.emit({ type: 'queued', to: this.address, topic: entry.topic });
  }

  private send(entry: OutboxEntry, sent: () => void, failed: () => void): void {
    if (this.closed) {
      failed();
      return;
    }
    let to: NodeAddress;
    let data: Uint8Array;
    try {
      to = this.target.address();
      data = this.target.datagram(entry);
    } catch (error) {
      failed();
      return;
    }
    this.link.send(to, data).subscribe({
      error: (error: unknown) => {
        this.emit({
          type: 'error',
          code: 'SEND_FAILED',
          address: this.address,
          message: 'sending "' + entry.topic + '" to ' + this.address + ' failed: ' + errorMessageOf(error),
        });
        failed();
      },
      complete: () => {
        this.emit({ type: 'sent', to: this.address, topic: entry.topic });
        sent();
      },
    });
  }
}
