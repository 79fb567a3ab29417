import { Observable } from 'rxjs';
import type { QoS, SubscribePacket, Subscription, UnsubscribePacket, UserProperties } from '../../codec/packet';
import { MqttError, QueueOverflowError, SubscriptionRefusedError } from '../../errors';
import type { AckPacket, InFlight, InFlightOwner, OutboundWindow } from '../outbound/outbound-window';
import type { Link } from '../connection/link';
import { Multicast } from '../shared/multicast';
import { SubscriptionGrants } from './subscription-grants';
import { FilterBacklog } from './filter-backlog';
import { FilterRoutes, RoutedFilter } from './filter-routes';
import { matchingFilter } from '../../codec/shared-subscription';
import type { MqttMessage } from '../types';

/** One subscribed filter, shared by every `topic()` observer of it. */
interface TopicEntry extends RoutedFilter {
  filter: string;
  observers: number;
  /** QoS asked of the broker: the highest any observer requested; never lowered while observed. */
  qos: QoS;
  /**
   * The QoS of the last SUBSCRIBE the broker acknowledged: what its session holds
   * for this filter; -1 when it holds nothing we know of. Equal to {@link qos}: the
   * broker holds what is asked, nothing to send.
   */
  brokerQos: number;
  /** The SUBSCRIBE waiting for its SUBACK, if any; a later one supersedes it. */
  pending: InFlight | null;
  /** A SUBSCRIBE of it waits for a free packet id (see `TopicRegistry.backlog`). */
  queued: boolean;
  /**
   * The broker's session may hold this filter: a SUBSCRIBE of it was written, or an
   * UNSUBSCRIBE of an earlier subscription to it was not acknowledged yet. When the last
   * observer leaves, UNSUBSCRIBE is sent only then.
   */
  mayHold: boolean;
  /** MQTT 5 subscription options (`noLocal`, `retainAsPublished`, `retainHandling`) of the first observer, if any. */
  options?: Partial<Subscription>;
  /** MQTT 5 user properties of the filter's SUBSCRIBE and UNSUBSCRIBE (its first observer's), if any. */
  userProperties?: UserProperties;
}

/** Most filters per SUBSCRIBE when several are sent together (after a connect). */
const FILTERS_PER_SUBSCRIBE = 64;

/**
 * The live subscriptions of a client and the `topic()` semantics: lazy and ref-counted
 * per filter (SUBSCRIBE on the first observer, UNSUBSCRIBE after the last), a QoS that
 * only goes up, refusals and timeouts as errors of the filter's observers, routing by
 * {@link FilterRoutes} (overlapping and shared filters each get their copy; on MQTT 5 by
 * subscription identifier where the server has them), and the
 * subscriptions restored when a link starts ({@link linkStarted}). The rules in full:
 * docs/architecture.md, "Subscriptions: the topic registry".
 */
export class TopicRegistry implements InFlightOwner {
  private readonly routes = new FilterRoutes();
  private readonly byFilter: { [key: string]: TopicEntry } = {};
  /** Filters no longer observed that the broker's stored session may still hold ('/' + filter → filter). */
  private readonly stale: { [key: string]: string } = {};
  private closedWith: MqttError | null = null;
  /**
   * What waits for a packet id: when all 65535 are taken (tens of thousands of `topic()`
   * subscribe/unsubscribe in one tick), what could not be sent is sent as this registry's
   * acknowledgements free ids. While any wait, later operations wait behind them, so per
   * filter the broker sees SUBSCRIBE and UNSUBSCRIBE in the order the observers came and left.
   */
  private readonly backlog = new FilterBacklog();
  private draining = false;
  /** SUBSCRIBE and UNSUBSCRIBE of this registry waiting for their acknowledgements. */
  private inFlight = 0;
  /** What the broker granted each filter (`topic(...).granted$`). */
  readonly grants = new SubscriptionGrants();
  constructor(
    private readonly window: OutboundWindow,
    private readonly currentSession: () => Link | null,
  ) {}

  /**
   * Messages matching `filter` (already validated), as described above; `options` (MQTT 5
   * subscription options) are those of the filter's first observer.
   */
  observe(filter: string, qos: QoS, options?: Partial<Subscription>, userProperties?: UserProperties): Observable<MqttMessage> {
    return new Observable<MqttMessage>((subscriber) => {
      if (this.closedWith !== null) {
        subscriber.error(this.closedWith);
        return;
      }
      const key = '/' + filter;
      let entry = this.byFilter[key];
      let subscribe = false;
      if (entry === undefined) {
        entry = {
          filter,
          route: matchingFilter(filter),
          sameRoute: null,
          subject: new Multicast<MqttMessage>(),
          observers: 0,
          qos,
          brokerQos: -1,
          pending: null,
          id: this.routes.nextId(),
          queued: false,
          mayHold: this.stale[key] !== undefined,
        };
        if (options !== undefined) entry.options = options;
        if (userProperties !== undefined) entry.userProperties = userProperties;
        this.byFilter[key] = entry;
        delete this.stale[key]; // the SUBSCRIBE replaces what the broker kept
        this.routes.add(entry);
        subscribe = true;
      } else if (qos > entry.qos) {
        entry.qos = qos;
        subscribe = true;
      }
      entry.observers++;
      const inner = entry.subject.subscribe(subscriber);
      const current = entry;
      if (subscribe) this.subscribe([entry]);
      return () => {
        inner.unsubscribe();
        this.release(current);
      };
    });
  }

  /**
   * Hands an inbound message to every filter matching its topic (MQTT 5: to those its
   * Subscription Identifiers name); false when no observer took it.
   */
  dispatch(message: MqttMessage): boolean {
    return this.routes.dispatch(message);
  }

  /**
   * A session started: every filter not subscribed on it is sent, in few SUBSCRIBEs.
   * With `sessionPresent` the broker kept the subscriptions it acknowledged: those
   * are not sent again, and pending UNSUBSCRIBEs are.
   */
  linkStarted(sessionPresent: boolean): void {
    const keys = Object.keys(this.byFilter);
    let batch: TopicEntry[] = [];
    for (let i = 0; i < keys.length; i++) {
      const entry = this.byFilter[keys[i]];
      if (!sessionPresent) {
        entry.brokerQos = -1;
        entry.mayHold = false;
      }
      if (entry.brokerQos === entry.qos || entry.pending !== null) continue;
      batch.push(entry);
      if (batch.length === FILTERS_PER_SUBSCRIBE) {
        this.subscribe(batch);
        batch = [];
      }
    }
    if (batch.length > 0) this.subscribe(batch);
    const stale = Object.keys(this.stale);
    for (let i = 0; i < stale.length; i++) {
      const filter = this.stale[stale[i]];
      if (sessionPresent) this.unsubscribe(filter);
      else delete this.stale[stale[i]];
    }
  }

  /**
   * The session ended: SUBSCRIBE/UNSUBSCRIBE still waiting are forgotten (their ids
   * freed) without failing the observers: the next session sends what the broker does
   * not hold (see {@link linkStarted}).
   */
  linkEnded(): void {
    this.window.forEach((inFlight) => {
      if (inFlight.owner === this) this.window.remove(inFlight);
    });
    this.inFlight = 0;
    this.clearWaiting();
    const keys = Object.keys(this.byFilter);
    for (let i = 0; i < keys.length; i++) {
      this.byFilter[keys[i]].pending = null;
    }
  }

  /** The client ended: every `topic()` completes (no error) or errors with `error`; later ones error with `closedWith`. */
  close(error: MqttError | null, closedWith: MqttError): void {
    if (this.closedWith !== null) return;
    this.closedWith = closedWith;
    this.clearWaiting();
    const keys = Object.keys(this.byFilter);
    for (let i = 0; i < keys.length; i++) {
      const entry = this.forget(this.byFilter[keys[i]]);
      if (error !== null) entry.subject.error(error);
      else entry.subject.complete();
      this.grants.ended(entry.filter, error);
    }
  }

  /** @internal SUBACK or UNSUBACK from the outbound window. */
  acknowledged(inFlight: InFlight, ack: AckPacket): void {
    this.inFlight--;
    this.settled(inFlight, ack);
    this.drain();
  }

  private settled(inFlight: InFlight, ack: AckPacket): void {
    if (ack.type === 'unsuback') {
      const key = '/' + (inFlight.tag as string);
      if (this.stale[key] !== undefined) delete this.stale[key];
      return;
    }
    if (ack.type !== 'suback') return;
    const requested = (inFlight.packet as SubscribePacket).subscriptions;
    const entries = inFlight.tag as TopicEntry[];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.pending !== inFlight || this.byFilter['/' + entry.filter] !== entry) continue;
      entry.pending = null;
      // a granted QoS (0, 1 or 2), else 0x80 (Failure) or no code at all: refused [MQTT-3.9.3-2]
      if (ack.granted[i] <= 2) {
        entry.brokerQos = requested[i].qos;
        this.grants.granted(entry.filter, ack.granted[i]);
      } else {
        const refused = new SubscriptionRefusedError(entry.filter);
        this.forget(entry).subject.error(refused);
        this.grants.ended(entry.filter, refused);
      }
    }
  }

  /** @internal SUBACK_TIMEOUT (or no packet id): the observers of those filters error. */
  failed(inFlight: InFlight, error: MqttError): void {
    this.inFlight--;
    if (inFlight.packet.type === 'subscribe') this.failEntries(inFlight.tag as TopicEntry[], inFlight, error);
    this.drain();
  }

  private failEntries(entries: TopicEntry[], inFlight: InFlight | null, error: MqttError): void {
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.pending !== inFlight || this.byFilter['/' + entry.filter] !== entry) continue;
      this.forget(entry).subject.error(error);
      this.grants.ended(entry.filter, error);
    }
  }

  /** Sends SUBSCRIBE for `entries` when connected, or queues them behind those waiting for a packet id. */
  private subscribe(entries: TopicEntry[]): void {
    const session = this.currentSession();
    if (session === null) return;
    // MQTT 5: a Subscription Identifier is the packet's, so one filter per SUBSCRIBE
    if (entries.length > 1 && this.identified(session)) {
      for (let i = 0; i < entries.length; i++) this.subscribe([entries[i]]);
      return;
    }
    if (entries.length > 1 && this.subscribedAlone(entries)) return;
    if (this.backlog.empty && this.sendSubscribe(entries, session)) return;
    for (let i = 0; i < entries.length; i++) {
      entries[i].queued = true;
      this.backlog.add('/' + entries[i].filter);
    }
    // nothing of ours in flight: no acknowledgement of ours will free an id (publications hold them all)
    if (this.inFlight === 0) this.drain();
  }

  /** MQTT 5: whether the server has subscription identifiers (its CONNACK did not say false). */
  private identified(session: Link): boolean {
    return session.v5 !== null && session.v5.limits.subscriptionIdentifiersAvailable;
  }

  private sendSubscribe(entries: TopicEntry[], session: Link): boolean {
    const packet: SubscribePacket = { type: 'subscribe', packetId: 0, subscriptions: [] };
    if (this.identified(session)) packet.properties = { subscriptionIdentifier: entries[0].id };
    if (entries[0].userProperties !== undefined) {
      packet.properties = Object.assign({}, packet.properties, { userProperties: entries[0].userProperties });
    }
    for (let i = 0; i < entries.length; i++) {
      packet.subscriptions.push(Object.assign({}, entries[i].options, { topic: entries[i].filter, qos: entries[i].qos }));
    }
    const inFlight = this.window.track(packet, this, entries);
    if (inFlight === null) return false;
    this.inFlight++;
    for (let i = 0; i < entries.length; i++) {
      entries[i].pending = inFlight;
      entries[i].queued = false;
      entries[i].mayHold = true;
    }
    session.send(packet);
    return true;
  }

  /**
   * MQTT 5 user properties belong to a whole SUBSCRIBE: the entries with their own are
   * subscribed one per packet, the others together. False when none has any.
   */
  private subscribedAlone(entries: TopicEntry[]): boolean {
    const plain: TopicEntry[] = [];
    for (let i = 0; i < entries.length; i++) {
      if (entries[i].userProperties !== undefined) this.subscribe([entries[i]]);
      else plain.push(entries[i]);
    }
    if (plain.length === entries.length) return false;
    if (plain.length > 0) this.subscribe(plain);
    return true;
  }

  private release(entry: TopicEntry): void {
    entry.observers--;
    if (entry.observers > 0 || this.byFilter['/' + entry.filter] !== entry) return;
    this.forget(entry);
    this.grants.ended(entry.filter, null);
    if (!entry.mayHold) return; // the broker holds nothing of it
    this.stale['/' + entry.filter] = entry.filter;
    this.unsubscribe(entry.filter, entry.userProperties);
  }

  /** Sends UNSUBSCRIBE for `filter` when connected (else queues it); the UNSUBACK takes it off the stale list. */
  private unsubscribe(filter: string, userProperties?: UserProperties): void {
    const session = this.currentSession();
    if (session === null) return;
    if (this.backlog.empty && this.sendUnsubscribe(filter, session, userProperties)) return;
    this.backlog.add('/' + filter);
    if (this.inFlight === 0) this.drain();
  }

  /** A queued or re-sent UNSUBSCRIBE goes without the MQTT 5 user properties of its filter's observers (they are gone). */
  private sendUnsubscribe(filter: string, session: Link, userProperties?: UserProperties): boolean {
    const packet: UnsubscribePacket = { type: 'unsubscribe', packetId: 0, topics: [filter] };
    if (userProperties !== undefined) packet.properties = { userProperties }; // MQTT 5
    const inFlight = this.window.track(packet, this, filter);
    if (inFlight === null) return false;
    this.inFlight++;
    session.send(inFlight.packet);
    return true;
  }

  /**
   * Sends what waits for a packet id, oldest first, each filter as its observers want it
   * now: SUBSCRIBE for an observed filter still queued, UNSUBSCRIBE for one no longer
   * observed that the broker may hold. Stops at the first packet without an id; with
   * nothing of ours in flight to free one, the queued SUBSCRIBEs fail with `QUEUE_OVERFLOW`.
   */
  private drain(): void {
    const session = this.currentSession();
    if (session === null || this.draining) return;
    this.draining = true;
    for (let key = this.backlog.first(); key !== undefined; key = this.backlog.first()) {
      const entry = this.byFilter[key];
      if (entry !== undefined) {
        if (entry.queued && !this.sendSubscribe([entry], session)) break;
      } else if (this.stale[key] !== undefined && !this.sendUnsubscribe(this.stale[key], session)) break;
      this.backlog.shift();
    }
    this.draining = false;
    if (!this.backlog.empty && this.inFlight === 0) this.overflow();
  }

  /** All ids are held by publications: the queued SUBSCRIBEs fail (UNSUBSCRIBEs stay stale, sent again with the next session). */
  private overflow(): void {
    this.failEntries(this.clearWaiting(), null, new QueueOverflowError('inflight', 'all 65535 packet ids are in use: cannot SUBSCRIBE'));
  }

  /** Empties the backlog; returns the entries whose SUBSCRIBE waited in it. */
  private clearWaiting(): TopicEntry[] {
    const keys = this.backlog.clear();
    const queued: TopicEntry[] = [];
    for (let i = 0; i < keys.length; i++) {
      const entry = this.byFilter[keys[i]];
      if (entry === undefined || !entry.queued) continue;
      entry.queued = false;
      queued.push(entry);
    }
    return queued;
  }

  private forget(entry: TopicEntry): TopicEntry {
    delete this.byFilter['/' + entry.filter];
    this.routes.remove(entry);
    return entry;
  }
}
