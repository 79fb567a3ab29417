import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import type { Packet, PublishPacket } from '../../codec/packet';
import type { Link, LinkHandler } from '../connection/link';

/** Longest run of synchronous deliveries before the client yields to the event loop, in ms. */
export const DELIVERY_SLICE_MS = 10;

/**
 * The bounded buffer between the socket and slow observers (mqtt_as `queue_len`), in
 * front of the session handler that delivers PUBLISHes (and acknowledges them after
 * delivery). Every other packet passes straight through.
 *
 * **What "slow" means for a push-based API.** Observers run synchronously when a
 * message is handed to them; while they run, nothing else in the event loop does: no
 * socket read, no keepalive timer, no PINGREQ. So deliveries run in *slices*: a
 * message is delivered at once while the observers took less than {@link DELIVERY_SLICE_MS} (10 ms)
 * in all since the client last yielded; after that, messages wait here and the client
 * yields one task (`yielder`: on Node `setImmediate`, see `yieldScheduler`) before
 * the next slice, so socket reads, PINGREQ/PINGRESP and PUBACK deadlines get their
 * turn between slices. Yielding right after the reads already due (not a ≥ 1 ms timer
 * later) keeps what piles up meanwhile, and so what may be dropped, small. Only time spent
 * in observers counts: a steady stream of quick messages is never held back. An
 * observer is *slow* when messages arrive faster than it handles them for long enough
 * to fill `limit` waiting messages; then the **oldest** waiting message is dropped and
 * counted (`onDiscard`, the client's `stats.discards`). With fast observers nothing
 * waits and delivery is synchronous, as before.
 *
 * QoS 1 and 2: a delivered message is acknowledged by the handler after its observers
 * returned, on the connection it came from (if that one is gone, the broker re-sends it
 * to a resumed session). A dropped message is acknowledged when it is dropped (PUBACK /
 * PUBREC): the broker did its part, and an unacknowledged message would hold one of the
 * broker's in-flight slots for this client until the next reconnect, which stalls QoS 1
 * delivery (mosquitto allows 20 by default).
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
  private readonly packets: Array<PublishPacket | undefined> = [];
  private readonly sessions: Array<Link | undefined> = [];
  private head = 0;
  private count = 0;
  /** Milliseconds spent in deliveries since the client last yielded to the event loop. */
  private busy = 0;
  private turn: Subscription | null = null;

  constructor(
    private readonly handler: LinkHandler,
    /** Most messages waiting, >= 1. */
    readonly limit: number,
    /** The clock: time spent in observers is measured with its `now()`. */
    private readonly scheduler: SchedulerLike,
    /** Where the next slice is scheduled (a macrotask). */
    private readonly yielder: SchedulerLike,
    private readonly onDiscard: (packet: PublishPacket) => void,
  ) {}

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
    if (this.count >= this.limit) this.dropOldest();
    const tail = (this.head + this.count) % this.limit;
    this.packets[tail] = packet;
    this.sessions[tail] = session;
    this.count++;
    this.scheduleTurn();
  }

  /** Delivers everything waiting now, synchronously (the client is closing). */
  flush(): void {
    while (this.count > 0) this.deliverOne();
  }

  /** @internal the client yielded: deliver what waits, in a new slice. */
  nextTurn(): void {
    this.turn = null;
    this.busy = 0;
    while (this.count > 0 && this.busy < DELIVERY_SLICE_MS) this.deliverOne();
    if (this.count > 0) this.scheduleTurn();
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

  private dropOldest(): void {
    const session = this.sessions[this.head] as Link;
    const packet = this.take();
    if (packet.qos > 0 && !session.isEnded) session.sendAck(packet.qos === 1 ? 4 : 5, packet.packetId as number);
    this.onDiscard(packet);
  }

  private take(): PublishPacket {
    const packet = this.packets[this.head] as PublishPacket;
    this.packets[this.head] = undefined;
    this.sessions[this.head] = undefined;
    this.head = (this.head + 1) % this.limit;
    this.count--;
    return packet;
  }
}

function turnAction(this: SchedulerAction<InboundQueue>, queue?: InboundQueue): void {
  if (queue) queue.nextTurn();
}
