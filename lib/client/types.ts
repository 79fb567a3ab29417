import type { Observable, SchedulerLike } from 'rxjs';
import type { QoS } from '../codec/packet';
import type { Transport } from './connection/transport';

/** An inbound PUBLISH as the client hands it to observers. */
export interface MqttMessage {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  dup: boolean;
}

/** A message to publish; `payload` strings are sent as UTF-8. */
export interface OutgoingMessage {
  topic: string;
  payload: string | Uint8Array;
  qos?: 0 | 1;
  retain?: boolean;
}

/**
 * What `publishAll()` takes. An array, an iterable (a generator, a `Set`) or an async
 * iterable (a Node stream in object mode) is **pulled**: a message is taken only when
 * the window has room for it, so a source of any length costs a bounded amount of
 * memory. An observable **pushes**: what it sends ahead of the window waits in a
 * bounded buffer (see {@link PublishAllOptions.bufferSize}).
 */
export type PublishSource =
  | Observable<OutgoingMessage>
  | ArrayLike<OutgoingMessage>
  | Iterable<OutgoingMessage>
  | AsyncIterable<OutgoingMessage>;

/** Options of {@link MqttClient.publishAll}. */
export interface PublishAllOptions {
  /** Most QoS 1 messages sent and not yet acknowledged, 1–65535 (default 100). */
  maxInFlight?: number;
  /**
   * Most messages taken from the source beyond the window and not yet reported
   * (default 16384): an observable pushing more than `maxInFlight + bufferSize`
   * messages ahead of the broker ends the stream with `QueueOverflowError`
   * (`QUEUE_OVERFLOW`, queue `'publishAll'`). Pulled sources never reach it.
   */
  bufferSize?: number;
}

/** Options of {@link MqttClient.publish}. */
export interface PublishOptions {
  /** 0 (default) or 1. */
  qos?: 0 | 1;
  retain?: boolean;
}

/** The outcome of one publication: a value, never a stream error, in `publishAll`. */
export interface PublishResult {
  /** The message as given. */
  message: OutgoingMessage;
  /** True when delivered at its QoS (written for 0, PUBACK for 1). */
  ok: boolean;
  /** Why it failed, when `ok` is false. */
  error?: Error;
}

/** The CONNACK of a successful connection. */
export interface ConnackResult {
  /** Whether the broker resumed a stored session [MQTT-3.2.2-2]. */
  sessionPresent: boolean;
}

/** The client's connection state, replayed by {@link MqttClient.state$}. */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; sessionPresent: boolean; attempt: number }
  | { status: 'reconnecting'; attempt: number; nextDelay: number; lastError: Error }
  | { status: 'disconnected'; error?: Error };

/** Last will, sent by the broker when the client drops without DISCONNECT. */
export interface WillOptions {
  topic: string;
  payload: string | Uint8Array;
  qos?: 0 | 1 | 2;
  retain?: boolean;
}

/** Exponential backoff with jitter for reconnects (defaults 1 s, ×2, 120 s cap, ±25 %). */
export interface ReconnectPolicy {
  /** First delay in ms (default 1000). */
  initialDelay?: number;
  /** Cap in ms (default 120000). */
  maxDelay?: number;
  /** Growth factor (default 2). */
  factor?: number;
  /** Jitter as a fraction, 0.25 = ±25 % (default 0.25). */
  jitter?: number;
  /** Give up after this many failed attempts in a row (default: never). */
  maxAttempts?: number;
  /** Random source in [0, 1) for the jitter (default `Math.random`); inject for tests. */
  random?: () => number;
}

/** TLS settings passed to the TLS (and wss) adapter. */
export interface TlsOptions {
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  servername?: string;
  /** Verify the broker's certificate (default true). */
  rejectUnauthorized?: boolean;
}

/** Options of {@link createClient}. Give `url` or `transport`. */
export interface ClientOptions {
  /** `mqtt://host:port`, `mqtts://`, `ws://`, `wss://`. */
  url?: string;
  /** An explicit transport (e.g. the virtual one); wins over `url`. */
  transport?: Transport;
  /** Generated (`rxmqtt_` + random) when absent. */
  clientId?: string;
  username?: string;
  password?: string | Uint8Array;
  /** Keep alive in seconds (default 60; 0 disables). */
  keepalive?: number;
  /** Clean session for reconnections (default true). */
  clean?: boolean;
  /** Clean session for the first connection (default: `clean`). mqtt_as `clean_init`. */
  cleanInit?: boolean;
  will?: WillOptions;
  /** How long to wait for CONNACK, SUBACK, PUBACK, PINGRESP, in ms (default 10000). */
  responseTimeout?: number;
  /**
   * Reconnect policy after the first successful connection (default: the policy's
   * defaults), or `false` to end the client on the first outage. The first connection
   * is not retried: `connect()` errors.
   */
  reconnect?: ReconnectPolicy | false;
  tls?: TlsOptions;
  /**
   * Publications waiting while the client connects or reconnects (default limit 5000,
   * overflow `'error'`); a dropped one errors with `QueueOverflowError` (queue `'offline'`).
   */
  offlineQueue?: { limit?: number; overflow?: 'drop-oldest' | 'drop-newest' | 'error' };
  /**
   * Inbound messages waiting for slow observers (mqtt_as `queue_len`, default limit
   * 1000); when full the oldest is dropped and counted in `stats.discards`.
   */
  inboundQueue?: { limit?: number };
  /**
   * Largest packet accepted from the broker, in bytes, 2–268,435,455 (default 16 MiB on
   * Node, 1 MiB in the browser bundle). A larger one ends the
   * connection with `PACKET_TOO_LARGE`, from its header alone.
   */
  maxPacketSize?: number;
  /** Scheduler for every timer (keepalive, timeouts, backoff); inject a TestScheduler's for virtual time. */
  scheduler?: SchedulerLike;
}

/** Counters of what the client did that a caller may need to see. */
export interface ClientStats {
  /** QoS 1 publications re-sent after a PUBACK timeout or a reconnect. */
  resends: number;
  /** Inbound messages dropped because observers were too slow (bounded inbound queue). */
  discards: number;
  /** Publications dropped by the offline queue's overflow policy. */
  offlineDrops: number;
  /** Successful reconnections after the first connection. */
  reconnects: number;
  /**
   * Inbound messages no observer took (no matching `topic()` observer, no `messages$`
   * observer), acknowledged all the same: e.g. those a present session delivers right
   * after CONNACK when `topic()` is observed only after `connect()` (observe first).
   */
  unrouted: number;
}

/** Options of `MqttClient.disconnect`. */
export interface DisconnectOptions {
  /** Disconnect at once, abandoning unacknowledged publications (default false). */
  force?: boolean;
  /** Longest wait for acknowledgements in ms (default the client's `responseTimeout`). */
  timeout?: number;
}

/** A publication `disconnect()` gave up on: its `publish()` errored with `CLIENT_CLOSED`. */
export interface AbandonedPublication {
  topic: string;
  qos: QoS;
}

/** What `disconnect()` emits: the publications it abandoned (none when all settled). */
export interface DisconnectResult {
  abandoned: AbandonedPublication[];
}

/**
 * A reactive MQTT 3.1.1 client. Every method returns a lazy observable; nothing
 * throws after argument checks.
 */
export interface MqttClient {
  /** Connects; emits the CONNACK result and completes; errors on the first failure. */
  connect(): Observable<ConnackResult>;
  /** The connection state; replays the current one. */
  readonly state$: Observable<ConnectionState>;
  /** Every inbound PUBLISH. */
  readonly messages$: Observable<MqttMessage>;
  /** Messages matching `filter`: SUBSCRIBE on the first observer, UNSUBSCRIBE after the last. */
  topic(filter: string, options?: { qos?: QoS }): Observable<MqttMessage>;
  /** Publishes one message; emits its result and completes when delivered at its QoS. */
  publish(topic: string, payload: string | Uint8Array, options?: PublishOptions): Observable<PublishResult>;
  /** Streaming publish with at most `maxInFlight` unacknowledged QoS 1 messages; one result per message, in order. */
  publishAll(messages: PublishSource, options?: PublishAllOptions): Observable<PublishResult>;
  /** PINGREQ → PINGRESP round-trip time in ms. */
  ping(): Observable<number>;
  /**
   * Graceful by default: publications already handed to the client settle with their
   * real outcome (their acknowledgements awaited up to `timeout`, default
   * `responseTimeout`), every received message is acknowledged, then DISCONNECT is
   * sent, the link closed and every stream completed; emits what it abandoned once
   * done. `{ force: true }` skips the wait (MQTT.js's `end(true)`).
   */
  disconnect(options?: DisconnectOptions): Observable<DisconnectResult>;
  /** Counters (a snapshot). */
  readonly stats: ClientStats;
}
