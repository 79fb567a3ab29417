import type { SchedulerLike } from 'rxjs';
import { MqttError, MqttTimeoutError } from '../../errors';
import type {
  PubackPacket,
  PubcompPacket,
  PublishPacket,
  PubrecPacket,
  SubackPacket,
  SubscribePacket,
  UnsubackPacket,
  UnsubscribePacket,
} from '../../codec/packet';
import { DeadlineTimer } from '../shared/deadline-timer';
import { LinkedList } from '../shared/linked-list';
import { PacketIdAllocator } from './packet-id-allocator';
import type { SessionStore } from '../store/session-store';
import type { MqttErrorCode } from '../../error-codes';

/** A packet that waits for an acknowledgement carrying its packet id. */
export type TrackedPacket = PublishPacket | SubscribePacket | UnsubscribePacket;
/** The acknowledgements that settle a {@link TrackedPacket} (PUBREC only moves a QoS 2 one on). */
export type AckPacket = PubackPacket | PubrecPacket | PubcompPacket | SubackPacket | UnsubackPacket;

/**
 * Default most QoS 2 publications in flight (PUBLISH sent, PUBCOMP not yet received)
 * for the whole client. MQTT 3.1.1 has no Receive Maximum, and a stock mosquitto 2.0
 * (`max_inflight_messages 20`) answers more unreleased QoS 2 publications with PUBREC
 * but drops them: counting until PUBCOMP, 20 never exceeds what it holds unreleased.
 */
export const DEFAULT_MAX_QOS2_IN_FLIGHT = 20;

/**
 * Hears that a place in the window came free: a QoS 2 place ({@link OutboundWindow.qos2Room})
 * or, on MQTT 5, a Receive Maximum place ({@link OutboundWindow.publishRoom}).
 */
export interface WindowPlaceWaiter {
  placeFreed(): void;
}

/** Hears how its in-flight packets end. One owner serves many entries (no closure per message). */
export interface InFlightOwner {
  acknowledged(entry: InFlight, ack: AckPacket): void;
  failed(entry: InFlight, error: MqttError): void;
}

/**
 * The owner of entries whose first owner left (an unsubscribed `publishAll`): a QoS 2
 * publication must still complete its handshake, since the broker holds its packet id
 * until PUBREL [MQTT-4.3.3], but nobody hears how it ends.
 */
export const DETACHED_OWNER: InFlightOwner = { acknowledged: () => undefined, failed: () => undefined };

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
  /** QoS 2: the PUBREC came, PUBREL was sent and PUBCOMP is awaited. */
  released: boolean;
  /** It waits to be re-sent on this link (no deadline runs), see {@link OutboundWindow.resendAll}. */
  unsent?: boolean;
  older: InFlight | null;
  newer: InFlight | null;
}

const ACK_OF: { [type: string]: string } = { publish: 'puback', subscribe: 'suback', unsubscribe: 'unsuback' };

/** The acknowledgement `entry` waits for now: PUBACK, PUBREC, PUBCOMP, SUBACK or UNSUBACK. */
export function awaitedAck(entry: InFlight): string {
  const packet = entry.packet;
  if (packet.type === 'publish' && packet.qos === 2) return entry.released ? 'pubcomp' : 'pubrec';
  return ACK_OF[packet.type];
}

/**
 * The outbound window: every QoS 1/2 PUBLISH, SUBSCRIBE and UNSUBSCRIBE waiting for its
 * acknowledgement, by packet id and oldest-first, so one deadline timer serves them all
 * (no timer or closure per message). It outlives connections (entries are re-sent after
 * a reconnect), runs the QoS 2 handshake's two halves (at most {@link qos2Limit} at a
 * time), keeps to the server's Receive Maximum on MQTT 5 ({@link publishRoom}), records
 * publications in the {@link SessionStore} if there is one, and lets `onTimeout` decide
 * on a missed deadline (by default a coded `MqttTimeoutError`). The rules in full:
 * docs/architecture.md, "The outbound window".
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
  /** Publications that wait to be re-sent on this link, oldest first (MQTT 5: over the Receive Maximum). */
  private readonly unsent = new LinkedList<InFlight>();
  private unsentCount = 0;
  /** Re-sends one entry on the current link (nothing once that ended). */
  private resend: (entry: InFlight) => void = () => undefined;
  private readonly timer: DeadlineTimer;
  private qos2Count = 0;
  /** QoS 1 and 2 publications in the window. */
  private publishCount = 0;
  private waiters: WindowPlaceWaiter[] = [];
  /** Most QoS 2 entries at a time. */
  qos2Limit = DEFAULT_MAX_QOS2_IN_FLIGHT;
  /** MQTT 5: the server's Receive Maximum, set for each connection; `Infinity` (no bound) on 3.1.1. */
  receiveMaximum = Infinity;
  /** Where publications are recorded; null keeps them in memory only. */
  store: SessionStore | null = null;
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
   * Returns null when all 65535 ids are in flight. `queuedKey` (from 1) names the store's
   * record of a queued publication, which becomes its outgoing record in one step.
   */
  track(packet: TrackedPacket, owner: InFlightOwner, tag: unknown, queuedKey = 0): InFlight | null {
    const entry: InFlight = { packetId: 0, packet, deadline: 0, owner, tag, released: false, older: null, newer: null };
    const id = this.ids.allocate(entry);
    if (id === 0) return null;
    entry.packetId = id;
    packet.packetId = id;
    this.entered(entry, queuedKey);
    return entry;
  }

  /**
   * Puts a publication recovered from the store back in flight with its own packet id
   * and PUBREL state (nothing is recorded: the store has it). Returns null when the id
   * is taken.
   */
  adopt(packet: PublishPacket, released: boolean, owner: InFlightOwner, tag: unknown): InFlight | null {
    const id = packet.packetId as number;
    const entry: InFlight = { packetId: id, packet, deadline: 0, owner, tag, released, older: null, newer: null };
    if (!this.ids.claim(id, entry)) return null;
    if (packet.qos === 2) this.qos2Count++;
    this.publishCount++;
    this.append(entry);
    return entry;
  }

  /** Whether one more QoS 2 publication may enter; if not, `waiter` (when given) hears once when one may. */
  qos2Room(waiter?: WindowPlaceWaiter): boolean {
    if (this.qos2Count < this.qos2Limit) return true;
    this.wait(waiter);
    return false;
  }

  /**
   * Whether one more QoS 1 or 2 publication may enter under the server's
   * {@link receiveMaximum} (always on 3.1.1); if not, `waiter` (when given) hears once
   * when one may [MQTT-3.3.4-9].
   */
  publishRoom(waiter?: WindowPlaceWaiter): boolean {
    if (this.publishCount < this.receiveMaximum) return true;
    this.wait(waiter);
    return false;
  }

  private wait(waiter: WindowPlaceWaiter | undefined): void {
    if (waiter !== undefined && this.waiters.indexOf(waiter) < 0) this.waiters.push(waiter);
  }

  /**
   * Settles the entry a PUBACK, PUBCOMP, SUBACK or UNSUBACK names and tells its owner;
   * a PUBREC moves a QoS 2 entry on as {@link received}, or (MQTT 5, reason code 0x80 and
   * above) settles it. Returns false (and changes
   * nothing) for an unknown id or an acknowledgement the entry does not wait for.
   */
  acknowledge(ack: AckPacket): boolean {
    const entry = this.ids.get(ack.packetId);
    if (entry === undefined) return false;
    // MQTT 5: a PUBREC of 0x80 and above settles the publication (refused) like a PUBACK [MQTT-4.3.3-4]
    if (ack.type === 'pubrec' && !(ack.reasonCode !== undefined && ack.reasonCode >= 0x80)) return this.received(ack.packetId) !== null;
    if (awaitedAck(entry) !== ack.type) return false;
    this.remove(entry);
    entry.owner.acknowledged(entry, ack);
    return true;
  }

  /**
   * The PUBREC of QoS 2 `packetId` came: the entry now waits for PUBCOMP, with a fresh
   * deadline, and the caller sends PUBREL [MQTT-4.3.3-1]. Returns the entry (also for a
   * repeated PUBREC, which PUBREL answers again), or null when no QoS 2 entry has the id.
   */
  received(packetId: number): InFlight | null {
    const entry = this.ids.get(packetId);
    if (entry === undefined || entry.packet.type !== 'publish' || entry.packet.qos !== 2) return null;
    if (!entry.released) {
      entry.released = true;
      if (this.store !== null) this.store.releaseOutgoing(packetId);
      this.restart(entry);
    }
    return entry;
  }

  /** Takes an entry out of the window, freeing its packet id (and its record). The owner is not told. */
  remove(entry: InFlight): void {
    this.leave(entry, true);
  }

  private leave(entry: InFlight, forget: boolean): void {
    if (this.ids.get(entry.packetId) !== entry) return;
    if (entry.unsent) this.stopWaiting(entry);
    else this.unlink(entry);
    this.ids.release(entry.packetId);
    const packet = entry.packet;
    if (packet.type === 'publish') {
      if (forget && this.store !== null) this.store.removeOutgoing(entry.packetId);
      this.publishCount--;
      if (packet.qos === 2) this.qos2Count--;
      if (this.receiveMaximum !== Infinity) {
        // MQTT 5: any publication leaving makes room; re-sends waiting for it go first
        // (publishRoom() counts them, so nothing newer passes them)
        if (this.unsentCount > 0) this.resendWaiting();
        this.placeFree();
      } else if (packet.qos === 2) this.placeFree(); // 3.1.1 waiters wait for QoS 2 places only
    }
    if (this.isEmpty && this.emptyListener !== null) this.emptyListener();
  }

  /**
   * A link started: every publication in the window is re-sent through `resend`, oldest
   * first, with its packet id [MQTT-4.4.0-1]. Only as many as the {@link receiveMaximum}
   * go at once (a QoS 2 one whose PUBREC came counts until its PUBCOMP [MQTT-4.9.0-2]);
   * the rest wait, with no deadline, and go one by one as acknowledgements free places.
   * On 3.1.1 everything goes at once.
   */
  resendAll(resend: (entry: InFlight) => void): void {
    this.resend = resend;
    // the publications in flight go back in line before those still waiting from the last link
    const waiting: InFlight[] = [];
    this.forEach((entry) => {
      if (entry.packet.type !== 'publish') return;
      if (entry.unsent) this.stopWaiting(entry);
      else this.unlink(entry);
      waiting.push(entry);
    });
    for (let i = 0; i < waiting.length; i++) {
      waiting[i].unsent = true;
      this.unsent.append(waiting[i]);
    }
    this.unsentCount = waiting.length;
    this.resendWaiting();
  }

  /** Re-sends the waiting publications, oldest first, while those sent on this link stay under the Receive Maximum. */
  private resendWaiting(): void {
    let entry = this.unsent.oldest;
    while (entry !== null && this.publishCount - this.unsentCount < this.receiveMaximum) {
      // in flight before it is sent: an acknowledgement that comes at once finds it there
      this.stopWaiting(entry);
      this.append(entry); // a fresh deadline, from now
      this.resend(entry);
      entry = this.unsent.oldest;
    }
  }

  private stopWaiting(entry: InFlight): void {
    this.unsent.unlink(entry);
    entry.unsent = false;
    this.unsentCount--;
  }

  /** A place came free: the publications waiting for one may go. */
  private placeFree(): void {
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    for (let i = 0; i < waiters.length; i++) waiters[i].placeFreed();
  }

  private entered(entry: InFlight, queuedKey: number): void {
    const packet = entry.packet;
    if (packet.type === 'publish') {
      if (packet.qos === 2) this.qos2Count++;
      this.publishCount++;
      if (this.store !== null && queuedKey > 0) this.store.sendQueued(queuedKey, entry.packetId);
      else if (this.store !== null) {
        this.store.putOutgoing({
          packetId: entry.packetId,
          topic: packet.topic,
          payload: packet.payload,
          qos: packet.qos as 1 | 2,
          retain: packet.retain,
          released: false,
        });
      }
    }
    this.append(entry);
  }

  /** True when nothing waits for an acknowledgement. */
  get isEmpty(): boolean {
    return this.list.oldest === null && this.unsentCount === 0;
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
    if (this.ids.get(entry.packetId) !== entry || entry.unsent) return;
    this.unlink(entry);
    this.append(entry);
  }

  /**
   * Visits the entries oldest first (the order to re-send them in; those waiting to be
   * re-sent last): those in the window when the walk began and still in it when their
   * turn comes, whatever `visit` (or an owner it calls) removes or restarts meanwhile.
   */
  forEach(visit: (entry: InFlight) => void): void {
    const entries: InFlight[] = [];
    for (let entry = this.list.oldest; entry !== null; entry = entry.newer) entries.push(entry);
    for (let entry = this.unsent.oldest; entry !== null; entry = entry.newer) entries.push(entry);
    for (let i = 0; i < entries.length; i++) {
      if (this.ids.get(entries[i].packetId) === entries[i]) visit(entries[i]);
    }
  }

  /** Removes every entry and fails its owner with `error`, oldest first; the store keeps the publications. */
  failAll(error: MqttError): void {
    this.forEach((entry) => {
      this.leave(entry, false);
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

/**
 * The timeout of an entry whose acknowledgement did not come: `PUBACK_TIMEOUT`,
 * `PUBREC_TIMEOUT`, `PUBCOMP_TIMEOUT`, `SUBACK_TIMEOUT` or `UNSUBACK_TIMEOUT`.
 */
export function ackTimeoutError(entry: InFlight, ms: number): MqttTimeoutError {
  const ack = awaitedAck(entry).toUpperCase();
  return new MqttTimeoutError((ack + '_TIMEOUT') as MqttErrorCode, 'no ' + ack + ' for packet ' + entry.packetId + ' within ' + ms + ' ms', ms);
}

/** The default deadline policy: drop the entry and fail its owner with a coded timeout. */
export function failOnTimeout(entry: InFlight, window: OutboundWindow): void {
  window.remove(entry);
  entry.owner.failed(entry, ackTimeoutError(entry, window.responseTimeout));
}
