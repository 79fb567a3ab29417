import { ClientClosedError, MqttError } from '../errors';
import { assertTopicFilter, assertTopicName } from '../codec/topic';
import { checkInteger, checkObject } from '../arg-checks';
import { policyDelay } from '../../operators/backoff-delay';
import { Connection, ConnectionOwner } from './connection';
import type { ConnectionState, MqttMessage, OutgoingMessage, PublishResult } from './device-types';
import { DeviceClientOptions, resolveDeviceOptions, ResolvedDeviceOptions } from './device-options';
import { Observable, Subscriber } from './observable';
import { Delivery, Outbox } from './outbox';
import { PacketIds } from './packet-ids';
import { DISCONNECT } from './packet-writer';
import { publishAll, PublishAllOptions } from './publish-all';
import { Subject } from './subject';
import { Subscriptions } from './subscriptions';
import { WifiModule, WifiWatch } from './wifi-watch';

function notConnected(what: string): MqttError {
  return new MqttError('NOT_CONNECTED', what + ' needs a connected client: call connect() first');
}

/**
 * The MQTT 3.1.1 client of the device build (`require('rxmqtt').createClient` on
 * Espruino): the public API of the full client over plain callbacks inside, so that a
 * message in or out creates and completes no observable chain (the interpreter leaks
 * each one). Reconnects with backoff after the first connection, re-sends QoS 1
 * publications in flight, subscribes again where the broker forgot, and with `wifi`
 * treats a Wi-Fi drop as an outage.
 *
 * @example
 * ```js
 * var client = require('rxmqtt').createClient({ url: 'mqtt://192.168.1.10', clientId: 'esp32' });
 * client.connect().subscribe({ next: function () { client.publish('esp32/up', '1', { qos: 1 }).subscribe(); } });
 * ```
 */
export class DeviceClient implements ConnectionOwner {
  /** The connection state; replays the current one. */
  readonly state$: Observable<ConnectionState>;
  /** Every inbound PUBLISH. */
  readonly messages$: Observable<MqttMessage>;
  private readonly options: ResolvedDeviceOptions;
  private readonly state = new Subject<ConnectionState>(true);
  private readonly messages = new Subject<MqttMessage>();
  private readonly ids = new PacketIds();
  private readonly outbox: Outbox;
  private readonly subscriptions: Subscriptions;
  private readonly wifi: WifiWatch | null = null;
  private connection: Connection | null = null;
  private live: Connection | null = null; // the connection whose CONNACK came
  private connecting: Subscriber<{ sessionPresent: boolean }> | null = null;
  private started = false;
  private everUp = false;
  private closed: unknown = null;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined = undefined;
  /** What a graceful `disconnect()` does once nothing is in flight. */
  private settled: (() => void) | null = null;

  constructor(options: DeviceClientOptions) {
    this.options = resolveDeviceOptions(options);
    this.outbox = new Outbox(this.ids, this.options.offlineLimit);
    this.subscriptions = new Subscriptions(this.ids);
    this.state$ = this.state.observable;
    this.messages$ = this.messages.observable;
    this.state.next({ status: 'idle' });
    const wifi = this.options.wifi;
    if (wifi) {
      const load = this.options.loadModule || (require as (name: string) => unknown);
      this.wifi = new WifiWatch(load('Wifi') as WifiModule, wifi === true ? null : wifi, (error) => {
        const connection = this.connection;
        if (connection) {
          connection.close();
          this.outage(error);
        }
      });
    }
  }

  /** Connects; emits `{ sessionPresent }` and completes; errors on the first failure. */
  connect(): Observable<{ sessionPresent: boolean }> {
    return new Observable((subscriber) => {
      if (this.closed !== null) subscriber.error(this.closed);
      else if (this.started) subscriber.error(new MqttError('ALREADY_CONNECTED', 'connect() was called already'));
      else {
        this.started = true;
        this.connecting = subscriber;
        this.open();
      }
    });
  }

  /**
   * Messages matching `filter`: SUBSCRIBE on the first observer, UNSUBSCRIBE after the last.
   * Shared subscriptions (`$share/...`) are the full client's: the device routes by plain filters.
   */
  topic(filter: string, options?: { qos?: 0 | 1 }): Observable<MqttMessage> {
    assertTopicFilter(filter);
    if (filter.indexOf('$share/') === 0) throw new RangeError('shared subscriptions are not supported on Espruino');
    const qos = options && options.qos !== undefined ? (checkInteger(options.qos, 0, 1, 'qos') as 0 | 1) : 0;
    return new Observable<MqttMessage>((subscriber) => {
      if (this.closed !== null) {
        subscriber.error(this.closed);
        return undefined;
      }
      const messages = this.subscriptions.add(filter, qos, this.live);
      const inner = messages.observable.subscribe(subscriber);
      return () => {
        inner.unsubscribe();
        if (messages.observed() === 0) this.subscriptions.remove(messages, this.live);
      };
    });
  }

  /** Publishes one message at QoS 0 or 1; emits its result and completes once delivered. */
  publish(topic: string, payload: string | Uint8Array, options?: { qos?: 0 | 1; retain?: boolean }): Observable<PublishResult> {
    const message: OutgoingMessage = { topic: topic, payload: payload, qos: options && options.qos ? 1 : 0, retain: !!(options && options.retain) };
    this.check(message);
    return new Observable<PublishResult>((subscriber) => {
      const d = this.deliver(message, (result) => {
        if (result.ok) {
          subscriber.next(result);
          subscriber.complete();
        } else subscriber.error(result.error);
      });
      return d ? () => this.outbox.withdraw(d) : undefined;
    });
  }

  /** Streaming publish with at most `maxInFlight` QoS 1 messages awaiting PUBACK; one result per message, in order. */
  publishAll(messages: ArrayLike<OutgoingMessage> | Observable<OutgoingMessage>, options?: PublishAllOptions): Observable<PublishResult> {
    return publishAll(messages, options, (message, done) => {
      try {
        this.check(message);
      } catch (error) {
        done({ message: message, ok: false, error: error });
        return;
      }
      this.deliver(message, done);
    });
  }

  /** PINGREQ → PINGRESP: emits the round trip in ms and completes. */
  ping(): Observable<number> {
    return new Observable<number>((subscriber) => {
      if (this.live === null) subscriber.error(this.closed || notConnected('ping()'));
      else this.live.ping((ms) => {
        subscriber.next(ms);
        subscriber.complete();
      });
    });
  }

  /**
   * Sends DISCONNECT (no will), closes, completes every stream. Gracefully: QoS 1
   * publications in flight first get their PUBACK (up to `responseTimeout`), so they
   * settle with their real outcome.
   */
  disconnect(): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (this.closed !== null) {
        subscriber.complete();
        return undefined;
      }
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const finish = (): void => {
        if (timer !== undefined) clearTimeout(timer); // Espruino's clearTimeout() without an id clears every timer
        this.settled = null;
        if (this.closed === null) {
          if (this.connection) this.connection.close(this.live ? DISCONNECT : undefined);
          this.end(undefined);
        }
        subscriber.complete();
      };
      if (this.live && this.outbox.inflight() > 0) {
        this.settled = finish;
        timer = setTimeout(finish, this.options.responseTimeout);
      } else finish();
    });
  }

  up(connection: Connection, sessionPresent: boolean): void {
    if (connection !== this.connection) return;
    this.live = connection;
    this.everUp = true;
    this.state.next({ status: 'connected', sessionPresent: sessionPresent, attempt: this.attempt });
    this.attempt = 0;
    this.subscriptions.resume(connection, sessionPresent);
    this.outbox.resume(connection, sessionPresent);
    const connecting = this.connecting;
    this.connecting = null;
    if (connecting) {
      connecting.next({ sessionPresent: sessionPresent });
      connecting.complete();
    }
  }

  down(connection: Connection, error: unknown): void {
    if (connection === this.connection) this.outage(error);
  }

  /** The connection (or the Wi-Fi under it) failed: reconnect after the backoff, or end. */
  private outage(error: unknown): void {
    if (this.closed !== null) return;
    this.connection = null;
    this.live = null;
    if (this.settled) {
      this.settled(); // disconnecting: no reconnection for what was in flight
      return;
    }
    const policy = this.options.reconnect;
    if (!this.everUp || policy === false || this.attempt >= policy.maxAttempts) {
      const connecting = this.connecting;
      this.connecting = null;
      this.end(error);
      if (connecting) connecting.error(error);
      return;
    }
    this.attempt++;
    const delay = policyDelay(policy, this.attempt);
    this.state.next({ status: 'reconnecting', attempt: this.attempt, nextDelay: delay, lastError: error });
    this.retry = setTimeout(() => this.open(), delay);
  }

  message(topic: string, payload: Uint8Array, qos: 0 | 1, retain: boolean, dup: boolean): void {
    const message: MqttMessage = { topic: topic, payload: payload, qos: qos, retain: retain, dup: dup };
    this.messages.next(message);
    this.subscriptions.route(message);
  }

  ack(type: number, packetId: number, code: number): void {
    if (type === 4) {
      this.outbox.acked(packetId);
      if (this.settled && this.outbox.inflight() === 0) this.settled();
    } else if (type === 9) this.subscriptions.acked(packetId, code);
  }

  oldestAwaited(): number {
    return Math.min(this.outbox.oldestSentAt(), this.subscriptions.oldestSentAt());
  }

  /** Opens a connection (after Wi-Fi, when the client watches it). */
  private open(): void {
    this.retry = undefined;
    if (this.closed !== null) return;
    if (this.attempt === 0) this.state.next({ status: 'connecting', attempt: 1 });
    const go = (): void => {
      if (this.closed !== null || this.connection) return;
      const connection = new Connection(this, this.options);
      this.connection = connection;
      connection.open();
    };
    if (this.wifi) {
      this.wifi.ensure((error) => (error ? this.outage(error) : go()));
    } else go();
  }

  private check(message: OutgoingMessage): void {
    checkObject(message, 'message');
    assertTopicName(message.topic);
    if (typeof message.payload !== 'string' && !(message.payload instanceof Uint8Array)) {
      throw new TypeError('payload must be a string or a Uint8Array');
    }
    if (message.qos !== undefined) checkInteger(message.qos, 0, 1, 'qos');
  }

  /** Hands `message` to the outbox; `done` gets its result once. Returns the delivery, or null when refused at once. */
  private deliver(message: OutgoingMessage, done: (result: PublishResult) => void): Delivery | null {
    if (this.closed !== null || !this.started) {
      done({ message: message, ok: false, error: this.closed || notConnected('publish()') });
      return null;
    }
    const d: Delivery = {
      topic: message.topic,
      payload: message.payload,
      qos: message.qos ? 1 : 0,
      retain: !!message.retain,
      id: 0,
      sentAt: 0,
      settle: (error) => done(error === undefined ? { message: message, ok: true } : { message: message, ok: false, error: error }),
    };
    this.outbox.send(d, this.live);
    return d;
  }

  /** Ends the client: every stream completes (`error` undefined) or errors. */
  private end(error: unknown): void {
    this.closed = error === undefined ? new ClientClosedError() : error;
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.connection = null;
    this.live = null;
    this.state.next(error === undefined ? { status: 'disconnected' } : { status: 'disconnected', error: error });
    this.outbox.fail(this.closed);
    this.subscriptions.end(error);
    this.messages.end(error);
    this.state.end();
  }
}

declare const require: (name: string) => unknown;

/**
 * `createClient` of the device build: a {@link DeviceClient} over Espruino's sockets.
 * Nothing connects until `connect()` is subscribed.
 *
 * @throws TypeError/RangeError for bad options (see {@link resolveDeviceOptions})
 * @example
 * ```js
 * var client = require('rxmqtt').createClient({ host: '192.168.1.10', clientId: 'esp32' });
 * ```
 */
export function createDeviceClient(options: DeviceClientOptions): DeviceClient {
  return new DeviceClient(options);
}
