import type { SchedulerLike } from 'rxjs';
import { MqttError, MqttTimeoutError } from '../../errors';
import type {
  PubackPacket,
  PublishPacket,
  SubackPacket,
  SubscribePacket,
  UnsubackPacket,
  UnsubscribePacket,
} from '../../codec/packet';
import { DeadlineTimer } from '../shared/deadline-timer';
import { LinkedList } from '../shared/linked-list';
import { PacketIdAllocator } from './packet-id-allocator';

/** A packet that waits for an acknowledgement carrying its packet id. */
export type TrackedPacket = PublishPacket | SubscribePacket | UnsubscribePacket;
/** The acknowledgements that settle a {@link TrackedPacket}. */
export type AckPacket = PubackPacket | SubackPacket | UnsubackPacket;

/** Hears how its in-flight packets end. One owner serves many entries (no closure per message). */
export interface InFlightOwner {
  acknowledged(entry: InFlight, ack: AckPacket): void;
  failed(entry: InFlight, error: MqttError): void;
}

/** One packet waiting for its acknowledgement. */
export interface InFlight {
  /** 1–65535, also set on {@link packet}. */
  packetId: number;
  packet: TrackedPacket;
  /** Scheduler time when the answer is late. */
  deadline: number;
  owner: InFlightOwner;
  /** Whatever the owner needs to find its own record. */
  tag: unknown;
  older: InFlight | null;
  newer: InFlight | null;
}

const ACK_OF: { [type: string]: string } = { publish: 'puback', subscribe: 'suback', unsubscribe: 'unsuback' };

/**
 * The outbound window: every QoS 1 PUBLISH, SUBSCRIBE and UNSUBSCRIBE waiting for its
 * acknowledgement, indexed by packet id, and kept oldest-first so **one** deadline
 * timer serves the whole window (it fires at the oldest entry's deadline; entries
 * acknowledged meanwhile cost nothing but an unlink). No observable, subscription,
 * timer or closure per message.
 *
 * The window outlives connections: after a reconnect (issue 4) its entries can be
 * re-sent with their packet ids ({@link forEach}, {@link restart}).
 *
 * On a missed deadline, `onTimeout` decides; by default the entry leaves the window
 * and its owner fails with `MqttTimeoutError` (`PUBACK_TIMEOUT`, `SUBACK_TIMEOUT`,
 * `UNSUBACK_TIMEOUT`).
 *
 * @example
 * ```ts
 * const window = new OutboundWindow(asyncScheduler, 10000);
 * const entry = window.track({ type: 'publish', topic: 't', payload, qos: 1, retain: false, dup: false }, owner, null);
 * session.send(entry!.packet);
 * // later, from the inbound path:
 * window.acknowledge({ type: 'puback', packetId: entry!.packetId }); // owner.acknowledged(entry, ack)
 * ```
 */
export class OutboundWindow {
  private readonly ids = new PacketIdAllocator<InFlight>([]);
  private readonly list = new LinkedList<InFlight>();
  private readonly timer: DeadlineTimer;
  private emptyListener: (() => void) | null = null;

  constructor(
    private readonly scheduler: SchedulerLike,
    /** How long an entry may wait for its acknowledgement, in ms. */
    readonly responseTimeout: number,
    private readonly onTimeout: (entry: InFlight, window: OutboundWindow) => void = failOnTimeout,
  ) {
    this.timer = new DeadlineTimer(scheduler, () => this.expire());
  }

  /**
   * Takes a packet id for `packet` (written into it) and starts its deadline.
   * Returns null when all 65535 ids are in flight.
   */
  track(packet: TrackedPacket, owner: InFlightOwner, tag: unknown): InFlight | null {
    const entry: InFlight = { packetId: 0, packet, deadline: 0, owner, tag, older: null, newer: null };
    const id = this.ids.allocate(entry);
    if (id === 0) return null;
    entry.packetId = id;
    packet.packetId = id;
    this.append(entry);
    return entry;
  }

  /**
   * Settles the entry the acknowledgement names and tells its owner. Returns false
   * (and changes nothing) for an unknown id or an acknowledgement of the wrong type.
   */
  acknowledge(ack: AckPacket): boolean {
    const entry = this.ids.get(ack.packetId);
    if (entry === undefined || ACK_OF[entry.packet.type] !== ack.type) return false;
    this.remove(entry);
    entry.owner.acknowledged(entry, ack);
    return true;
  }

  /** Takes an entry out of the window, freeing its packet id. The owner is not told. */
  remove(entry: InFlight): void {
    if (this.ids.get(entry.packetId) !== entry) return;
    this.unlink(entry);
    this.ids.release(entry.packetId);
    if (this.list.oldest === null && this.emptyListener !== null) this.emptyListener();
  }

  /** True when nothing waits for an acknowledgement. */
  get isEmpty(): boolean {
    return this.list.oldest === null;
  }

  /**
   * Calls `listener` each time the last entry leaves the window (acknowledged, timed out
   * or failed): a graceful `disconnect()` waits for that. `null` stops it. Called before
   * the entry's owner is told, so defer what depends on the owner's outcome.
   */
  whenEmpty(listener: (() => void) | null): void {
    this.emptyListener = listener;
  }

  /** Gives an entry a fresh deadline (e.g. when it is re-sent) and makes it the newest. */
  restart(entry: InFlight): void {
    if (this.ids.get(entry.packetId) !== entry) return;
    this.unlink(entry);
    this.append(entry);
  }

  /**
   * Visits the entries oldest first (the order to re-send them in): those in the window
   * when the walk began and still in it when their turn comes, whatever `visit` (or
   * an owner it calls) removes or restarts meanwhile.
   */
  forEach(visit: (entry: InFlight) => void): void {
    const entries: InFlight[] = [];
    for (let entry = this.list.oldest; entry !== null; entry = entry.newer) entries.push(entry);
    for (let i = 0; i < entries.length; i++) {
      if (this.ids.get(entries[i].packetId) === entries[i]) visit(entries[i]);
    }
  }

  /** Removes every entry and fails its owner with `error`, oldest first. */
  failAll(error: MqttError): void {
    this.forEach((entry) => {
      this.remove(entry);
      entry.owner.failed(entry, error);
    });
  }

  private append(entry: InFlight): void {
    entry.deadline = this.scheduler.now() + this.responseTimeout;
    this.list.append(entry);
    if (this.list.oldest === entry) this.timer.arm(entry.deadline);
  }

  private unlink(entry: InFlight): void {
    this.list.unlink(entry);
    if (this.list.oldest === null) this.timer.cancel();
  }

  private expire(): void {
    const now = this.scheduler.now();
    let entry = this.list.oldest;
    while (entry !== null && entry.deadline <= now) {
      this.onTimeout(entry, this);
      // the handler removed or restarted it; stop if it did neither, to avoid spinning
      if (this.list.oldest === entry) break;
      entry = this.list.oldest;
    }
    if (this.list.oldest !== null) this.timer.arm(this.list.oldest.deadline);
  }
}

/** The timeout of an entry whose acknowledgement did not come: `PUBACK_TIMEOUT`, `SUBACK_TIMEOUT` or `UNSUBACK_TIMEOUT`. */
export function ackTimeoutError(entry: InFlight, ms: number): MqttTimeoutError {
  const ack = ACK_OF[entry.packet.type].toUpperCase();
  return new MqttTimeoutError(ack + '_TIMEOUT', 'no ' + ack + ' for packet ' + entry.packetId + ' within ' + ms + ' ms', ms);
}

/** The default deadline policy: drop the entry and fail its owner with a coded timeout. */
export function failOnTimeout(entry: InFlight, window: OutboundWindow): void {
  window.remove(entry);
  entry.owner.failed(entry, ackTimeoutError(entry, window.responseTimeout));
}
