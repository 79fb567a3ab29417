import { Observable } from 'rxjs';
import { checkBoolean, checkObject, checkQos } from '../../arg-checks';
import type { PublishPacket, PublishProperties } from '../../codec/packet';
import { MAX_REMAINING_LENGTH } from '../../codec/remaining-length';
import { assertTopicName } from '../../codec/topic';
import { encodeUtf8 } from '../../codec/utf8';
import { MqttError, QueueOverflowError } from '../../errors';
import { OfflineEntry, OfflineQueue } from './offline-queue';
import type { AckPacket, InFlight, InFlightOwner, OutboundWindow, WindowPlaceWaiter } from './outbound-window';
import { ackResult, publicationError } from './publish-v5';
import { agedProperties } from '../v5/message-expiry';
import type { OfflineOverflow } from '../options/resolve-options';
import type { Link } from '../connection/link';
import type { ClientStats, OutgoingMessage, PublishOptions, PublishResult } from '../types';
import type { WriteListener } from '../connection/write-batcher';
import type { QueuedPublication, SessionStore } from '../store/session-store';

/** Hears how one publication ends: its `publish()` subscriber, or `recovered$` for one a store gave back. */
export interface ResultObserver {
  next(result: PublishResult): void;
  error(error: unknown): void;
  complete(): void;
}

/** The error of `publish()` and `ping()` while no connection is up (code `NOT_CONNECTED`). */
export function notConnected(what: string): MqttError {
  return new MqttError('NOT_CONNECTED', what + ' needs a connected client: call connect() first');
}

/**
 * Checks the `qos` (0, 1 or 2) and `retain` of a publication, each when present: the
 * options of `publish()`, a message of `publishAll()`.
 *
 * @throws TypeError "qos must be a number, got ...", "retain must be a boolean, got ..."
 * @throws RangeError "qos must be 0, 1 or 2, got ..."
 * @example
 * ```ts
 * checkFlags({ qos: 2, retain: true }); // fine
 * ```
 */
export function checkFlags(flags: { qos?: unknown; retain?: unknown }): void {
  if (flags.qos !== undefined) checkQos(flags.qos, 2, 'qos');
  if (flags.retain !== undefined) checkBoolean(flags.retain, 'retain');
}

/**
 * Checks the arguments of `publish()` and returns the message with its defaults.
 *
 * @throws TypeError for a topic that is not a string, a payload that is neither a string
 *   nor a Uint8Array, options or flags of the wrong type
 * @throws RangeError for an invalid topic name (empty, wildcards [MQTT-3.3.2-2], over
 *   65535 bytes [MQTT-4.7.3-3]), a qos other than 0, 1 or 2, a payload too large for one packet
 */
export function checkPublish(topic: string, payload: string | Uint8Array, options?: PublishOptions): OutgoingMessage {
  assertTopicName(topic);
  let size: number;
  if (typeof payload === 'string') size = payload.length * 3 > MAX_REMAINING_LENGTH ? encodeUtf8(payload).length : 0;
  else if (payload instanceof Uint8Array) size = payload.length;
  else throw new TypeError('payload must be a string or a Uint8Array, got ' + (payload === null ? 'null' : typeof payload));
  let qos: 0 | 1 | 2 = 0;
  let retain = false;
  if (options !== undefined) {
    checkObject(options, 'publish options');
    checkFlags(options);
    qos = options.qos || 0;
    retain = options.retain === true;
  }
  if (size + topic.length * 3 + 4 > MAX_REMAINING_LENGTH) {
    throw new RangeError('payload of ' + size + ' bytes does not fit in one MQTT packet (max ' + MAX_REMAINING_LENGTH + ')');
  }
  const message: OutgoingMessage = { topic, payload, qos, retain };
  if (options !== undefined && options.properties !== undefined) message.properties = options.properties; // checked by the client
  return message;
}

/** What the {@link Publisher} needs to know about the connection (the `ClientLifecycle`). */
export interface PublisherLink {
  /** Set once the client ended: what publications error with. */
  readonly closed: MqttError | null;
  /** The live session, or null. */
  readonly link: Link | null;
  /** True while the client is trying to get connected: the first `connect()` or a reconnect is under way. */
  readonly waiting: boolean;
}

/** One `publish()` subscription on its way: told by the batcher (QoS 0) or the window (QoS 1, 2). */
class PendingPublish implements WriteListener, InFlightOwner {
  /** Its place in the offline queue or the QoS 2 queue, kept after it left (removing it again is a no-op). */
  queued: OfflineEntry<PendingPublish> | null = null;
  /** The queue {@link queued} is in. */
  queue: OfflineQueue<PendingPublish> | null = null;
  /** MQTT 5: when it began to wait in a queue (`now()` ms), for its Message Expiry Interval; -1 when it did not. */
  queuedAt = -1;
  /** The key of its record in the store while it waits (`storeOfflineQueue`); 0: none. */
  key = 0;

  constructor(
    public subscriber: ResultObserver | null,
    readonly message: OutgoingMessage,
    private readonly publisher: Publisher,
  ) {}

  /** Its QoS 0 packet (only QoS 0 is sent with a listener) was written: delivered; or it was not. */
  writeSettled(error: MqttError | null): void {
    if (error === null) this.settle(null);
    else this.publisher.unwritten(this, error);
  }

  acknowledged(_entry: InFlight, ack: AckPacket): void {
    const subscriber = this.subscriber;
    if (!('reasonCode' in ack) || ack.reasonCode === undefined || subscriber === null) {
      this.settle(null);
      return;
    }
    this.subscriber = null; // MQTT 5: the PUBACK's (PUBREC's, PUBCOMP's) reason code says how it went
    subscriber.next(ackResult(this.message, ack));
    subscriber.complete();
  }

  failed(_entry: InFlight, error: MqttError): void {
    this.settle(error);
  }

  settle(error: MqttError | null): void {
    const subscriber = this.subscriber;
    if (subscriber === null) return;
    this.subscriber = null;
    if (error !== null) subscriber.error(error);
    else {
      subscriber.next({ message: this.message, ok: true });
      subscriber.complete();
    }
  }
}

/**
 * The outbound side of a client across connections: `publish()` (written at once when
 * connected; QoS 2, and on MQTT 5 anything over the server's Receive Maximum, waits for
 * a place in the window, its message expiry aged meanwhile), the bounded offline queue
 * while the client connects, and what a fresh link re-sends first ({@link linkStarted}:
 * the unacknowledged QoS 1/2 publications with their packet ids [MQTT-4.4.0-1], then the
 * queues in order). The rules in full: docs/architecture.md, "Publishing across
 * connections".
 */
export class Publisher implements WindowPlaceWaiter {
  private readonly queue: OfflineQueue<PendingPublish>;
  /** QoS 2 publications (MQTT 5: QoS 1 and 2) waiting for a place in the window. */
  private readonly held: OfflineQueue<PendingPublish>;
  private draining = false;
  /** The key of the next queued publication recorded in the store. */
  private nextKey = 1;

  constructor(
    private readonly link: PublisherLink,
    private readonly window: OutboundWindow,
    offline: { limit: number; overflow: OfflineOverflow },
    private readonly stats: ClientStats,
    /** The time in ms (the client's scheduler), for the Message Expiry Interval of waiting publications. */
    private readonly now: () => number = Date.now,
    /** Where queued QoS 1/2 publications are recorded (`storeOfflineQueue`); null: in memory only. */
    private readonly store: SessionStore | null = null,
  ) {
    const dropped = (pending: PendingPublish, error: MqttError): void => {
      this.stats.offlineDrops++;
      this.unrecord(pending);
      pending.settle(error);
    };
    this.queue = new OfflineQueue<PendingPublish>(offline.limit, offline.overflow, dropped);
    this.held = new OfflineQueue<PendingPublish>(offline.limit, offline.overflow, dropped);
  }

  /**
   * The observable of `publish()`: each subscription publishes `message` once. Emits
   * `{ message, ok: true }` and completes once QoS 0 was handed to the transport, once
   * the PUBACK of QoS 1 or the PUBCOMP of QoS 2 arrived (on whichever connection brings it). Errors with
   * `NOT_CONNECTED` when `connect()` was not called (or the first connection failed),
   * `CLIENT_CLOSED` after `disconnect()`, `QUEUE_OVERFLOW` (queue `'offline'`) when the
   * offline queue's policy drops it or (queue `'inflight'`) when all 65535 packet ids
   * are in flight, the error that ended the client, or (without reconnect)
   * `PUBACK_TIMEOUT`, `PUBREC_TIMEOUT`, `PUBCOMP_TIMEOUT` / the error that ended the connection.
   *
   * Unsubscribing takes a publication out of the offline queue; a QoS 1 packet
   * already sent stays in the window until its PUBACK (the protocol requires its
   * re-sending), only its result is no longer reported.
   */
  publish(message: OutgoingMessage): Observable<PublishResult> {
    return new Observable<PublishResult>((subscriber) => {
      const link = this.link;
      if (link.closed !== null) {
        subscriber.error(link.closed);
        return;
      }
      const pending = new PendingPublish(subscriber, message, this);
      const session = link.link;
      if (session !== null && !this.draining) this.send(pending, session);
      else if (link.waiting || this.draining) this.enqueue(pending);
      else {
        subscriber.error(notConnected('publish()'));
        return;
      }
      return () => {
        pending.subscriber = null;
        if (pending.queued !== null && pending.queued.queued) {
          (pending.queue as OfflineQueue<PendingPublish>).remove(pending.queued);
          this.unrecord(pending);
        }
      };
    });
  }

  /**
   * Queues the publications a store kept from a previous process's offline queue (never
   * sent), ahead of any new one; `observe` gives each one's observer (`recovered$`).
   * One the queue refuses (a smaller limit now) ends with `QUEUE_OVERFLOW` like any other.
   */
  restore(queued: QueuedPublication[], observe: (message: OutgoingMessage) => ResultObserver): void {
    for (let i = 0; i < queued.length; i++) {
      const q = queued[i];
      const message: OutgoingMessage = { topic: q.topic, payload: q.payload, qos: q.qos, retain: q.retain };
      const pending = new PendingPublish(observe(message), message, this);
      pending.key = q.key; // recorded already
      this.nextKey = Math.max(this.nextKey, q.key + 1);
      this.enqueue(pending);
    }
  }

  /**
   * A session started: re-send the window's QoS 1/2 publications (MQTT 5: as many as the
   * server's Receive Maximum allows, the rest as places free), then the waiting QoS 2
   * ones and the offline queue.
   */
  linkStarted(session: Link): void {
    const present = session.sessionPresent;
    this.window.resendAll((entry) => {
      if (session.isEnded) return; // it waits in the window for the next session
      const packet = entry.packet as PublishPacket;
      if (entry.released) session.sendAck(6, entry.packetId);
      else {
        packet.dup = present;
        session.sendPublish(packet.topic, packet.payload, packet.qos, packet.retain, present, entry.packetId, undefined, packet.properties);
      }
      this.stats.resends++;
    });
    this.draining = true;
    try {
      this.sendHeld(session);
      let pending = this.queue.shift();
      while (pending !== undefined && !session.isEnded) {
        if (pending.subscriber !== null) this.send(pending, session);
        else this.unrecord(pending);
        pending = this.queue.shift();
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Every queued publication errors with `error` (the first connection failed, or the
   * client ended); returns the messages of those still observed (what was abandoned).
   * Their store records stay, like the window's: a next client with the store sends them.
   */
  failQueued(error: MqttError): OutgoingMessage[] {
    const all = this.held.clear().concat(this.queue.clear());
    const abandoned: OutgoingMessage[] = [];
    for (let i = 0; i < all.length; i++) {
      if (all[i].subscriber !== null) abandoned.push(all[i].message);
      all[i].settle(error);
    }
    return abandoned;
  }

  /** @internal a place in the window came free (QoS 2, or MQTT 5 Receive Maximum): the held publications move up. */
  placeFreed(): void {
    const session = this.link.link;
    if (session !== null) this.sendHeld(session);
  }

  private sendHeld(session: Link): void {
    let first = this.held.peek();
    while (first !== undefined && !session.isEnded && this.hasRoom(first.message.qos as 1 | 2)) {
      this.held.shift();
      if (first.subscriber !== null) this.track(first, session);
      else this.unrecord(first);
      first = this.held.peek();
    }
  }

  /** Whether the window takes one more publication of `qos` now; if not, this publisher hears when it may. */
  private hasRoom(qos: 1 | 2): boolean {
    return (qos === 1 || this.window.qos2Room(this)) && this.window.publishRoom(this);
  }

  /** @internal A QoS 0 packet was never written: back to the queue while reconnecting, else it fails. */
  unwritten(pending: PendingPublish, error: MqttError): void {
    if (this.link.closed === null && this.link.link === null && this.link.waiting && pending.subscriber !== null) {
      this.enqueue(pending);
    } else pending.settle(error);
  }

  private enqueue(pending: PendingPublish, queue = this.queue): void {
    // MQTT 5: the Message Expiry Interval counts from the first wait [MQTT-3.3.2-6]
    if (pending.queuedAt < 0 && pending.message.properties !== undefined) pending.queuedAt = this.now();
    pending.queue = queue;
    pending.queued = queue.add(pending);
    if (pending.queued !== null) this.record(pending);
  }

  /**
   * `storeOfflineQueue`: records a queued QoS 1/2 publication (once, also when it moves on
   * to wait for a window place) and commits, so it is durable before the `subscribe()` that published it returns.
   * A store that fails takes it out of the queue and fails it with the `StoreError`.
   */
  private record(pending: PendingPublish): void {
    const message = pending.message;
    if (this.store === null || pending.key > 0 || !message.qos) return;
    const key = this.nextKey++;
    const payload = typeof message.payload === 'string' ? encodeUtf8(message.payload) : message.payload;
    try {
      this.store.putQueued({ key, topic: message.topic, payload, qos: message.qos, retain: !!message.retain });
      this.store.commit();
    } catch (e) {
      (pending.queue as OfflineQueue<PendingPublish>).remove(pending.queued as OfflineEntry<PendingPublish>);
      pending.settle(e as MqttError);
      return;
    }
    pending.key = key;
  }

  /**
   * Forgets the store record of a publication that will not be sent (durable with the
   * store's next commit). A restored one has a record without `storeOfflineQueue`: the window's store.
   */
  private unrecord(pending: PendingPublish): void {
    if (pending.key === 0) return;
    (this.store || (this.window.store as SessionStore)).removeQueued(pending.key);
    pending.key = 0;
  }

  private send(pending: PendingPublish, session: Link): void {
    const message = pending.message;
    const refused = session.v5 !== null ? publicationError(session.v5, message) : null; // the server's limits
    const properties = this.propertiesToSend(pending);
    if (refused !== null || properties === null) {
      this.unrecord(pending);
      pending.settle(refused || this.expired(pending));
      return;
    }
    if (!message.qos) {
      session.sendPublish(message.topic, message.payload, 0, !!message.retain, false, undefined, pending, properties);
      return;
    }
    // QoS 2 (MQTT 5: QoS 1 too, under the server's Receive Maximum) waits its turn
    // behind the ones already waiting, and for a place in the window
    const waits = message.qos === 2 || this.window.receiveMaximum !== Infinity;
    if (waits && (this.held.size > 0 || !this.hasRoom(message.qos))) this.enqueue(pending, this.held);
    else this.track(pending, session);
  }

  /**
   * MQTT 5: the properties to send a publication with, its Message Expiry Interval reduced
   * by the whole seconds it waited in a queue [MQTT-3.3.2-6]; null once that ran out.
   */
  private propertiesToSend(pending: PendingPublish): PublishProperties | undefined | null {
    const properties = pending.message.properties;
    return pending.queuedAt < 0 ? properties : agedProperties(properties, this.now() - pending.queuedAt);
  }

  /** The error of a publication whose Message Expiry Interval ran out while it waited: dropped, counted in `stats.offlineDrops`. */
  private expired(pending: PendingPublish): MqttError {
    this.stats.offlineDrops++;
    const interval = (pending.message.properties as PublishProperties).messageExpiryInterval;
    return new MqttError('MESSAGE_EXPIRED', 'the publication expired while it waited to be sent (messageExpiryInterval ' + interval + ' s)');
  }

  private track(pending: PendingPublish, session: Link): void {
    const message = pending.message;
    const properties = this.propertiesToSend(pending);
    if (properties === null) {
      this.unrecord(pending);
      pending.settle(this.expired(pending));
      return;
    }
    const qos = message.qos as 1 | 2;
    const payload = typeof message.payload === 'string' ? encodeUtf8(message.payload) : message.payload;
    const packet: PublishPacket = { type: 'publish', topic: message.topic, payload, qos, retain: !!message.retain, dup: false };
    if (properties !== undefined) packet.properties = properties;
    const inFlight = this.window.track(packet, pending, null, pending.key);
    if (inFlight === null) {
      this.unrecord(pending);
      pending.settle(new QueueOverflowError('inflight', 'all 65535 packet ids are in flight: cannot publish at QoS ' + qos));
      return;
    }
    pending.key = 0; // its record, if any, is the outgoing one now
    session.sendPublish(packet.topic, payload, qos, packet.retain, false, inFlight.packetId, undefined, packet.properties);
  }
}
