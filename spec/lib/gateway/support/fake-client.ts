import { BehaviorSubject, EMPTY, NEVER, Observable, Subject, filter } from 'rxjs';
import type { ConnectionState, DisconnectResult, MqttClient, MqttMessage, PublishResult, OutgoingMessage, TopicObservable } from '../../../../lib/client/types';
import type { QoS } from '../../../../lib/codec/packet';
import { SubscriptionRefusedError, TransportError } from '../../../../lib/errors';

/** One `publish` call the fake client received, with a handle to settle it. */
export interface FakePublication {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
  /** Settles the publication: delivered (`ok`) or not. */
  settle(ok: boolean): void;
}

function matches(filterText: string, topic: string): boolean {
  const f = filterText.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

/**
 * A scripted stand-in for {@link MqttClient}: records SUBSCRIBE/UNSUBSCRIBE as
 * `client.topic()` observers come and go (ref-counted per filter, as the real client
 * does), records publications and settles them at once (`autoSettle`) or on demand, and
 * lets the spec inject broker messages and connection states.
 */
export class FakeClient implements MqttClient {
  readonly state = new BehaviorSubject<ConnectionState>({ status: 'connected', sessionPresent: false, attempt: 1 });
  readonly state$ = this.state.asObservable();
  readonly inbound = new Subject<MqttMessage>();
  readonly messages$ = this.inbound.asObservable();
  readonly stats = { resends: 0, discards: 0, offlineDrops: 0, reconnects: 0, unrouted: 0 };
  readonly recovered$ = EMPTY;
  /** SUBSCRIBE per filter, in order. */
  readonly subscribes: Array<{ filter: string; qos: QoS }> = [];
  /** UNSUBSCRIBE per filter, in order. */
  readonly unsubscribes: string[] = [];
  readonly publications: FakePublication[] = [];
  /** Filters the "broker" refuses. */
  refuse: { [filter: string]: boolean } = {};
  /** Settle publications as delivered at once. */
  autoSettle = true;
  private observers: { [filter: string]: number } = {};
  private readonly lost = new Subject<Error>();

  /** The connection drops the way today's client reports it: topic() observers error with CONNECTION_LOST. */
  loseConnection(): void {
    this.setConnected(false);
    this.lost.next(new TransportError('CONNECTION_LOST', 'the broker closed the connection'));
  }

  setConnected(connected: boolean): void {
    this.state.next(
      connected
        ? { status: 'connected', sessionPresent: false, attempt: 1 }
        : { status: 'reconnecting', attempt: 1, nextDelay: 1000, lastError: new Error('gone') },
    );
  }

  /** A broker message arrives. */
  deliver(topic: string, payload: string | Uint8Array, retain = false): void {
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    this.inbound.next({ topic, payload: bytes, qos: 0, retain, dup: false });
  }

  connect(): Observable<{ sessionPresent: boolean }> {
    return new Observable((s) => {
      s.next({ sessionPresent: false });
      s.complete();
    });
  }

  topic(topicFilter: string, options?: { qos?: QoS }): TopicObservable {
    const messages = new Observable<MqttMessage>((subscriber) => {
      if (this.refuse[topicFilter]) {
        subscriber.error(new SubscriptionRefusedError(topicFilter));
        return;
      }
      if (!this.observers[topicFilter]) this.subscribes.push({ filter: topicFilter, qos: (options && options.qos) || 0 });
      this.observers[topicFilter] = (this.observers[topicFilter] || 0) + 1;
      const inner = this.inbound.pipe(filter((m) => matches(topicFilter, m.topic))).subscribe(subscriber);
      const drop = this.lost.subscribe((error) => subscriber.error(error));
      return () => {
        inner.unsubscribe();
        drop.unsubscribe();
        if (--this.observers[topicFilter] === 0) this.unsubscribes.push(topicFilter);
      };
    });
    return Object.assign(messages, { granted$: NEVER });
  }

  publish(topic: string, payload: string | Uint8Array, options?: { qos?: 0 | 1; retain?: boolean }): Observable<PublishResult> {
    return new Observable<PublishResult>((subscriber) => {
      const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
      const message: OutgoingMessage = { topic, payload, qos: options?.qos, retain: options?.retain };
      const publication: FakePublication = {
        topic,
        payload: text,
        qos: options?.qos || 0,
        retain: options?.retain || false,
        settle: (ok) => {
          subscriber.next(ok ? { message, ok } : { message, ok, error: new Error('PUBACK timeout') });
          subscriber.complete();
        },
      };
      this.publications.push(publication);
      if (this.autoSettle) publication.settle(true);
    });
  }

  /** Publications to `topic`, payloads parsed as JSON. */
  reports(topic: string): Array<{ [key: string]: unknown }> {
    return this.publications.filter((p) => p.topic === topic).map((p) => JSON.parse(p.payload));
  }

  publishAll(): Observable<PublishResult> {
    throw new Error('not used by the gateway');
  }

  ping(): Observable<number> {
    throw new Error('not used by the gateway');
  }

  reauthenticate(): Observable<never> {
    throw new Error('not used by the gateway');
  }

  disconnect(): Observable<DisconnectResult> {
    return new Observable((s) => s.complete());
  }
}
