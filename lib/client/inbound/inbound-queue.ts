import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import type { Packet, PublishPacket } from '../../codec/packet';
import { PAUSED_BY_INBOUND } from '../connection/link';
import type { Link, LinkHandler } from '../connection/link';

/** Longest run of synchronous deliveries before the client yields to the event loop, in ms. */
export const DELIVERY_SLICE_MS = 10;

/**
 * The buffer between the socket and slow observers (mqtt_as `queue_len`), in front of
 * the handler that delivers PUBLISHes; other packets pass straight through. Deliveries
 * run in slices of {@link DELIVERY_SLICE_MS} of observer time, then the client yields to
 * the event loop, so reads and keepalive get their turn. `limit` messages waiting pause
 * the link's reads (resumed at `limit / 2`); a transport that cannot pause drops the
 * oldest QoS 0 message instead (`onDiscard`). Why and how: docs/architecture.md,
 * "Inbound flow control".
 *
 * @example
 * ```ts
 * const queue = new InboundQueue(dispatcher, 1000, asyncScheduler, yieldScheduler(), () => stats.discards++);
 * // the session hands its packets to `queue` instead of `dispatcher`
 * ```
 */
export class InboundQueue implements LinkHandler {
  private packets: Array<PublishPacket | undefined> = [];
  private sessions: Array<Link | undefined> = [];
  /** Capacity of the ring; grows (doubling) past `limit` only with what one read brought. */
  private capacity: number;
  private head = 0;
  private count = 0;
  /** Milliseconds spent in deliveries since the client last yielded to the event loop. */
  private busy = 0;
  private turn: Subscription | null = null;
  /** The session whose reads this queue paused, until the observers caught up. */
  private paused: Link | null = null;

  constructor(
    private readonly handler: LinkHandler,
    /** Messages waiting before reads pause (or, without pause, QoS 0 drops), >= 1. */
    readonly limit: number,
    /** The clock: time spent in observers is measured with its `now()`. */
    private readonly scheduler: SchedulerLike,
    /** Where the next slice is scheduled (a macrotask). */
    private readonly yielder: SchedulerLike,
    private readonly onDiscard: (packet: PublishPacket) => void,
  ) {
    this.capacity = limit;
  }

  /** Messages waiting now. */
  get waiting(): number {
    return this.count;
  }

  /** @internal every packet of a live session after CONNACK. */
  packet(packet: Packet, session: Link): void {
    if (packet.type !== 'publish') {
      this.handler.packet(packet, session);
      return;
    }
    if (this.count === 0 && this.busy < DELIVERY_SLICE_MS) {
      this.scheduleTurn(); // the turn's end starts a new slice
      this.deliver(packet, session);
      return;
    }
    if (this.count >= this.limit) this.overflow(session);
    if (this.count === this.capacity) this.grow();
    const tail = (this.head + this.count) % this.capacity;
    this.packets[tail] = packet;
    this.sessions[tail] = session;
    this.count++;
    this.scheduleTurn();
  }

  /** Delivers everything waiting now, synchronously (the client is closing). */
  flush(): void {
    while (this.count > 0) this.deliverOne();
    this.resumeReads();
  }

  /** @internal the client yielded: deliver what waits, in a new slice. */
  nextTurn(): void {
    this.turn = null;
    this.busy = 0;
    while (this.count > 0 && this.busy < DELIVERY_SLICE_MS) this.deliverOne();
    if (this.count * 2 <= this.limit) this.resumeReads();
    if (this.count > 0) this.scheduleTurn();
  }

  /** `limit` messages wait: pause the session's reads, or (when it cannot pause) drop the oldest QoS 0 message. */
  private overflow(session: Link): void {
    if (session.readsPaused(PAUSED_BY_INBOUND)) return;
    if (!session.isEnded && session.pauseReads(PAUSED_BY_INBOUND)) {
      this.paused = session;
      return;
    }
    if (this.packets[this.head]!.qos === 0) this.onDiscard(this.take());
  }

  private resumeReads(): void {
    const paused = this.paused;
    if (paused === null) return;
    this.paused = null;
    paused.resumeReads(PAUSED_BY_INBOUND);
  }

  /** Doubles the ring, keeping the waiting messages in order. */
  private grow(): void {
    const packets: Array<PublishPacket | undefined> = [];
    const sessions: Array<Link | undefined> = [];
    for (let i = 0; i < this.count; i++) {
      const at = (this.head + i) % this.capacity;
      packets.push(this.packets[at]);
      sessions.push(this.sessions[at]);
    }
    this.packets = packets;
    this.sessions = sessions;
    this.head = 0;
    this.capacity *= 2;
  }

  private scheduleTurn(): void {
    if (this.turn === null) this.turn = this.yielder.schedule(turnAction, 0, this);
  }

  private deliverOne(): void {
    const session = this.sessions[this.head] as Link;
    this.deliver(this.take(), session);
  }

  /** Hands `packet` to the handler, counting the time its observers took. */
  private deliver(packet: PublishPacket, session: Link): void {
    const start = this.scheduler.now();
    try {
      this.handler.packet(packet, session);
    } finally {
      this.busy += this.scheduler.now() - start;
    }
  }

  private take(): PublishPacket {
    const packet = this.packets[this.head] as PublishPacket;
    this.packets[this.head] = undefined;
    this.sessions[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return packet;
  }
}

function turnAction(this: SchedulerAction<InboundQueue>, queue?: InboundQueue): void {
  if (queue) queue.nextTurn();
}
