import { Observable } from 'rxjs';
import type { QoS, SubscribePacket, Subscription } from '../../codec/packet';
import { MqttError, QueueOverflowError, SubscriptionRefusedError } from '../../errors';
import type { AckPacket, InFlight, InFlightOwner, OutboundWindow } from '../outbound/outbound-window';
import type { Link } from '../connection/link';
import { Multicast } from '../shared/multicast';
import { SubscriptionGrants } from './subscription-grants';
import { matchingFilter } from '../../codec/shared-subscription';
import { TopicRouter } from './topic-router';
import type { MqttMessage } from '../types';

/** One subscribed filter, shared by every `topic()` observer of it. */
interface TopicEntry {
  filter: string;
  /** What topic names are matched against: {@link filter} without its `$share/{ShareName}/`. */
  route: string;
  /** The next entry with the same {@link route} (`a`, `$share/g/a`, `$share/h/a`): the router holds the first. */
  sameRoute: TopicEntry | null;
  subject: Multicast<MqttMessage>;
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
  /** A SUBSCRIBE of it waits for a free packet id (see `TopicRegistry.waiting`). */
  queued: boolean;
  /**
   * The broker's session may hold this filter: a SUBSCRIBE of it was written, or an
   * UNSUBSCRIBE of an earlier subscription to it was not acknowledged yet. When the last
   * observer leaves, UNSUBSCRIBE is sent only then.
   */
  mayHold: boolean;
  /** MQTT 5 subscription options (`noLocal`, `retainAsPublished`, `retainHandling`) of the first observer, if any. */
  options?: Partial<Subscription>;
}

/** Most filters per SUBSCRIBE when several are sent together (after a connect). */
const FILTERS_PER_SUBSCRIBE = 64;


/**
 * The live subscriptions of a client: which filters are observed, at which QoS, and
 * where each inbound message goes. Implements the `topic()` semantics:
 *
 * - lazy and ref-counted per filter: the first observer sends SUBSCRIBE, the last one
 *   leaving sends UNSUBSCRIBE; observers in between share one broker subscription;
 * - QoS upgrade: a new observer asking a higher QoS than the filter has re-SUBSCRIBEs
 *   at that QoS (the broker replaces the subscription [MQTT-3.8.4-3]; it may re-send
 *   retained messages to everyone on the filter). The QoS is not lowered when the
 *   demanding observer leaves (that would re-send retained messages again);
 * - a SUBACK 0x80 errors every observer of the filter with `SubscriptionRefusedError`,
 *   no SUBACK in time with `MqttTimeoutError` `SUBACK_TIMEOUT`;
 * - routing through a {@link TopicRouter}: overlapping filters each get the message;
 * - shared subscriptions (`$share/{ShareName}/{filter}`, [MQTT-4.8.2]) are routed by the
 *   filter after the ShareName; the broker picks which member of the group gets each
 *   message. A 3.1.1 PUBLISH does not say which subscription it came through, so a
 *   message matching both a shared and a plain filter of this client reaches both.
 *
 * Subscriptions made while disconnected are sent when a session starts
 * ({@link linkStarted}); this is also where a reconnect restores them: without a
 * session (`sessionPresent` false) every observed filter is subscribed again at its
 * QoS; with a resumed session only the filters the broker did not acknowledge yet
 * (or at a lower QoS) are, and the UNSUBSCRIBEs that got no UNSUBACK are sent again.
 */
export class TopicRegistry implements InFlightOwner {
  private readonly router = new TopicRouter<TopicEntry>();
  private readonly byFilter: { [key: string]: TopicEntry } = {};
  /** Filters no longer observed that the broker's stored session may still hold ('/' + filter → filter). */
  private readonly stale: { [key: string]: string } = {};
  private closedWith: MqttError | null = null;
  /**
   * Filters ('/' + filter) whose SUBSCRIBE or UNSUBSCRIBE waits for a packet id, oldest
   * first, each once: when all 65535 ids are taken (tens of thousands of `topic()`
   * subscribe/unsubscribe in one tick), what could not be sent is sent as this registry's
   * acknowledgements free ids, in order, each filter brought to what its observers want
   * then. While any wait, later operations wait behind them, so per filter the broker
   * sees SUBSCRIBE and UNSUBSCRIBE in the order the observers came and left.
   */
  private waiting: string[] = [];
  /** The first of {@link waiting} not sent yet. */
  private head = 0;
  private draining = false;
  private readonly isWaiting: { [key: string]: boolean } = {};
  /** SUBSCRIBE and UNSUBSCRIBE of this registry waiting for their acknowledgements. */
  private inFlight = 0;
  /** What the broker granted each filter (`topic(...).granted$`). */
  readonly grants = new SubscriptionGrants();
  /** Observed filters the message being dispatched reached. */
  private reached = 0;
  /**
   * Delivers to every entry of a matching route (filters that route alike, e.g. `a` and
   * `$share/g/a`, are chained; read ahead: an observer may leave while it is called) and
   * counts the observed ones (one function for every message).
   */
  private readonly deliverCounted = (first: TopicEntry, message: MqttMessage): void => {
    let entry: TopicEntry | null = first;
    while (entry !== null) {
      const next: TopicEntry | null = entry.sameRoute;
      if (entry.subject.observed) this.reached++;
      entry.subject.next(message);
      entry = next;
    }
  };

  constructor(
    private readonly window: OutboundWindow,
    private readonly currentSession: () => Link | null,
  ) {}

  /**
   * Messages matching `filter` (already validated), as described above; `options` (MQTT 5
   * subscription options) are those of the filter's first observer.
   */
  observe(filter: string, qos: QoS, options?: Partial<Subscription>): Observable<MqttMessage> {
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
          queued: false,
          mayHold: this.stale[key] !== undefined,
        };
        if (options !== undefined) entry.options = options;
        this.byFilter[key] = entry;
        delete this.stale[key]; // the SUBSCRIBE replaces what the broker kept
        this.addRoute(entry);
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

  /** Hands an inbound message to every filter matching its topic; false when no observer took it. */
  dispatch(message: MqttMessage): boolean {
    this.reached = 0;
    this.router.match(message.topic, this.deliverCounted, message);
    return this.reached > 0;
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
    if (this.head === this.waiting.length && this.sendSubscribe(entries, session)) return;
    for (let i = 0; i < entries.length; i++) {
      entries[i].queued = true;
      this.wait('/' + entries[i].filter);
    }
    // nothing of ours in flight: no acknowledgement of ours will free an id (publications hold them all)
    if (this.inFlight === 0) this.drain();
  }

  private sendSubscribe(entries: TopicEntry[], session: Link): boolean {
    const packet: SubscribePacket = { type: 'subscribe', packetId: 0, subscriptions: [] };
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

  private release(entry: TopicEntry): void {
    entry.observers--;
    if (entry.observers > 0 || this.byFilter['/' + entry.filter] !== entry) return;
    this.forget(entry);
    this.grants.ended(entry.filter, null);
    if (!entry.mayHold) return; // the broker holds nothing of it
    this.stale['/' + entry.filter] = entry.filter;
    this.unsubscribe(entry.filter);
  }

  /** Sends UNSUBSCRIBE for `filter` when connected (else queues it); the UNSUBACK takes it off the stale list. */
  private unsubscribe(filter: string): void {
    const session = this.currentSession();
    if (session === null) return;
    if (this.head === this.waiting.length && this.sendUnsubscribe(filter, session)) return;
    this.wait('/' + filter);
    if (this.inFlight === 0) this.drain();
  }

  private sendUnsubscribe(filter: string, session: Link): boolean {
    const inFlight = this.window.track({ type: 'unsubscribe', packetId: 0, topics: [filter] }, this, filter);
    if (inFlight === null) return false;
    this.inFlight++;
    session.send(inFlight.packet);
    return true;
  }

  private wait(key: string): void {
    if (this.isWaiting[key]) return;
    this.isWaiting[key] = true;
    this.waiting.push(key);
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
    for (; this.head < this.waiting.length; this.head++) {
      const key = this.waiting[this.head];
      const entry = this.byFilter[key];
      if (entry !== undefined) {
        if (entry.queued && !this.sendSubscribe([entry], session)) break;
      } else if (this.stale[key] !== undefined && !this.sendUnsubscribe(this.stale[key], session)) break;
      delete this.isWaiting[key];
    }
    this.draining = false;
    if (this.head === this.waiting.length) this.clearWaiting();
    else if (this.inFlight === 0) this.overflow();
  }

  /** All ids are held by publications: the queued SUBSCRIBEs fail (UNSUBSCRIBEs stay stale, sent again with the next session). */
  private overflow(): void {
    const queued: TopicEntry[] = [];
    for (let i = this.head; i < this.waiting.length; i++) {
      const entry = this.byFilter[this.waiting[i]];
      if (entry !== undefined && entry.queued) queued.push(entry);
    }
    this.clearWaiting();
    this.failEntries(queued, null, new QueueOverflowError('inflight', 'all 65535 packet ids are in use: cannot SUBSCRIBE'));
  }

  private clearWaiting(): void {
    for (let i = this.head; i < this.waiting.length; i++) {
      delete this.isWaiting[this.waiting[i]];
      const entry = this.byFilter[this.waiting[i]];
      if (entry !== undefined) entry.queued = false;
    }
    this.waiting = [];
    this.head = 0;
  }

  private forget(entry: TopicEntry): TopicEntry {
    delete this.byFilter['/' + entry.filter];
    this.removeRoute(entry);
    return entry;
  }

  /** Puts `entry` in the router, after the entries already there for its route. */
  private addRoute(entry: TopicEntry): void {
    let last = this.router.get(entry.route);
    if (last === undefined) {
      this.router.add(entry.route, entry);
      return;
    }
    while (last.sameRoute !== null) last = last.sameRoute;
    last.sameRoute = entry;
  }

  /** Takes `entry` out of the router (the route stays while other entries have it). */
  private removeRoute(entry: TopicEntry): void {
    const first = this.router.get(entry.route);
    if (first === entry) {
      if (entry.sameRoute === null) this.router.remove(entry.route);
      else this.router.add(entry.route, entry.sameRoute);
    } else {
      let previous: TopicEntry | null = first === undefined ? null : first;
      while (previous !== null && previous.sameRoute !== entry) previous = previous.sameRoute;
      if (previous !== null) previous.sameRoute = entry.sameRoute;
    }
    // an observer called by deliver() may leave: what it left still leads to the rest of the route
  }
}
