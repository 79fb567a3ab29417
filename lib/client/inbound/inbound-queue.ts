import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import type { Packet, PublishPacket } from '../../codec/packet';
import { PAUSED_BY_INBOUND } from '../connection/link';
import type { Link, LinkHandler } from '../connection/link';

/** Longest run of synchronous deliveries before the client yields to the event loop, in ms. */
export const DELIVERY_SLICE_MS = 10;

/**
 * The buffer between the socket and slow observers (mqtt_as `queue_len`), in front of
 * the session handler that delivers PUBLISHes (and acknowledges them after delivery).
 * Every other packet passes straight through.
 *
 * **What "slow" means for a push-based API.** Observers run synchronously when a
 * message is handed to them; while they run, nothing else in the event loop does: no
 * socket read, no keepalive timer, no PINGREQ. So deliveries run in *slices*: a
 * message is delivered at once while the observers took less than {@link DELIVERY_SLICE_MS} (10 ms)
 * in all since the client last yielded; after that, messages wait here and the client
 * yields one task (`yielder`: on Node `setImmediate`, see `yieldScheduler`) before
 * the next slice, so socket reads, PINGREQ/PINGRESP and PUBACK deadlines get their
 * turn between slices. Only time spent in observers counts: a steady stream of quick
 * messages is never held back.
 *
 * **When observers fall behind** (`limit` messages wait), the client stops reading the
 * transport (`Link.pauseReads`): TCP flow control holds the broker back, and its
 * unacknowledged QoS 1/2 messages hold its in-flight window. Reading resumes once at
 * most `limit / 2` wait. Nothing is dropped then: what one read already brought is
 * kept (so a burst in one big read loses nothing either), and the queue holds at most
 * `limit` plus one read's messages.
 *
 * **A transport that cannot pause** (a browser WebSocket) keeps delivering: then the
 * oldest waiting **QoS 0** message is dropped and counted (`onDiscard`, the client's
 * `stats.discards`: mqtt_as semantics, an explicit policy). A QoS 1 or 2 message is
 * never dropped once taken: it is acknowledged only after its observers returned, so
 * the broker's in-flight window bounds how many of them can wait.
 *
 * A single observer call that blocks longer than the keepalive cannot be helped by any
 * queue (nothing runs meanwhile, so no PINGREQ can go out): do slow work asynchronously
 * (`concatMap`, `mergeMap`) rather than in a synchronous `next`.
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
