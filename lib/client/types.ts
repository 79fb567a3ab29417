import type { Observable, SchedulerLike } from 'rxjs';
import type { ConnackProperties, ConnectProperties, PublishProperties, QoS, WillProperties } from '../codec/packet';
import type { Transport } from './transport';
import type { SessionStore } from './store/session-store';
import type { AuthHook, AuthResult } from './v5/enhanced-auth';

export type { AuthChallenge, AuthHook, AuthResult } from './v5/enhanced-auth';

/** An inbound PUBLISH as the client hands it to observers. */
export interface MqttMessage {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  /**
   * MQTT 5 only: the PUBLISH properties as received (a topic alias already resolved into
   * `topic`); `subscriptionIdentifier` lists the identifiers of the matching subscriptions.
   */
  properties?: PublishProperties;
}

/** A message to publish; `payload` strings are sent as UTF-8. */
export interface OutgoingMessage {
  topic: string;
  payload: string | Uint8Array;
  qos?: QoS;
  retain?: boolean;
  /** MQTT 5 only: the PUBLISH properties (checked when the publication is made). */
  properties?: PublishProperties;
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
  /**
   * Most QoS 1/2 messages sent and not yet acknowledged (PUBACK, PUBCOMP), 1–65535
   * (default 100). QoS 2 ones are further bounded by the client's QoS 2 window (20).
   */
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
  /** 0 (default), 1 or 2. */
  qos?: QoS;
  retain?: boolean;
  /**
   * MQTT 5 only: `payloadFormatIndicator`, `messageExpiryInterval`, `topicAlias`,
   * `responseTopic`, `correlationData`, `userProperties`, `contentType`
   * (`subscriptionIdentifier` is the server's). RangeError on MQTT 3.1.1.
   */
  properties?: PublishProperties;
}

/** The outcome of one publication: a value, never a stream error, in `publishAll`. */
export interface PublishResult {
  /** The message as given. */
  message: OutgoingMessage;
  /** True when delivered at its QoS (written for 0, PUBACK for 1, PUBCOMP for 2). */
  ok: boolean;
  /** Why it failed, when `ok` is false. */
  error?: Error;
  /**
   * MQTT 5: the PUBACK's reason code (0 success, 0x10 no subscribers, 0x80+ refused: `ok`
   * false); at QoS 2 the refusing PUBREC's (0x80+, `ok` false) or else the PUBCOMP's (0, or
   * 0x92 Packet Identifier not found: still `ok`, the PUBREC accepted the message).
   */
  reasonCode?: number;
  /** MQTT 5: the properties (`reasonString`, `userProperties`) of the acknowledgement that gave {@link reasonCode}, when it has any. */
  properties?: { reasonString?: string; userProperties?: { [name: string]: string | string[] } };
}

/** The CONNACK of a successful connection. */
export interface ConnackResult {
  /** Whether the broker resumed a stored session [MQTT-3.2.2-2]. */
  sessionPresent: boolean;
  /** The CONNACK reason code (set by every client of `createClient`): always 0 here (a refusal is a `ConnectionRefusedError`); 0 on MQTT 3.1.1. */
  reasonCode?: number;
  /** MQTT 5: the CONNACK properties (the server's limits, `assignedClientIdentifier`, ...); `{}` on 3.1.1 (always set by `createClient`'s clients). */
  properties?: ConnackProperties;
}

/**
 * The client's connection state, replayed by {@link MqttClient.state$}. With
 * `servers`, `server` names the server (password redacted as `***`) that the attempt
 * under way dials (`connecting`), that the session is on (`connected`), or that the
 * next attempt dials (`reconnecting`).
 */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number; server?: string }
  | { status: 'connected'; sessionPresent: boolean; attempt: number; server?: string }
  | { status: 'reconnecting'; attempt: number; nextDelay: number; lastError: Error; server?: string }
  | { status: 'disconnected'; error?: Error };

/** Last will, sent by the broker when the client drops without DISCONNECT. */
export interface WillOptions {
  topic: string;
  payload: string | Uint8Array;
  qos?: 0 | 1 | 2;
  retain?: boolean;
  /** MQTT 5 only: `willDelayInterval`, `payloadFormatIndicator`, `messageExpiryInterval`, `contentType`, `responseTopic`, `correlationData`, `userProperties`. */
  properties?: WillProperties;
}

/**
 * Options of `topic()`. `noLocal`, `retainAsPublished` and `retainHandling` are MQTT 5
 * subscription options [MQTT-3.8.3.1]: on MQTT 3.1.1 they are a RangeError.
 */
export interface TopicOptions {
  /** Maximum QoS, 0 (default), 1 or 2. */
  qos?: QoS;
  /** Do not deliver this client's own publications [MQTT-3.8.3-3]. */
  noLocal?: boolean;
  /** Keep the RETAIN flag the publisher set. */
  retainAsPublished?: boolean;
  /** 0 (default) send retained messages on subscribe, 1 only for a new subscription, 2 never. */
  retainHandling?: 0 | 1 | 2;
  /**
   * MQTT 5: user properties of this filter's SUBSCRIBE and UNSUBSCRIBE (those of its first
   * observer); a filter with its own is subscribed in a SUBSCRIBE of its own.
   */
  userProperties?: { [name: string]: string | string[] };
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
  /**
   * Several broker URLs instead of `url` (the nodes of a cluster, or fallbacks): the
   * first connection tries the first; every failed attempt and every outage moves on to
   * the next (after the last, the first again). `state$` tells which one is used.
   */
  servers?: string[];
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
  /** 4 (MQTT 3.1.1, default), 5 (MQTT 5) or 3 (MQTT 3.1, protocol name `MQIsdp`); anything else is a RangeError. */
  protocolVersion?: 3 | 4 | 5;
  /**
   * MQTT 5 only: the CONNECT properties (`sessionExpiryInterval`, `receiveMaximum`,
   * `maximumPacketSize`, `topicAliasMaximum`, `requestResponseInformation`,
   * `requestProblemInformation`, `userProperties`, `authenticationMethod`,
   * `authenticationData`), checked by `createClient`. RangeError on 3 and 4.
   */
  properties?: ConnectProperties;
  /**
   * MQTT 5 enhanced authentication (with `properties.authenticationMethod`): answers each
   * AUTH challenge (reason code 0x18) of the server, during the connection and in a
   * {@link MqttClient.reauthenticate}, with the next authentication data. It returns an
   * Observable whose first value is sent (`of(bytes)`, or `from(promise)` for async work);
   * throwing, erroring or completing empty ends the connection with `AUTH_HOOK_FAILED`.
   */
  authenticate?: AuthHook;
  /**
   * Where the session state lives (outgoing QoS 1/2 publications not completed, incoming
   * QoS 2 ids awaiting PUBREL): `memoryStore()`, `fileStore(dir)` (Node) or `await indexedDbStore(name)`
   * (browser) from `rxmqtt/adapters`.
   * Default: the client's memory. Opened at creation: publications a previous client left
   * there are re-sent on the first connection and reported by `recovered$`.
   */
  store?: SessionStore;
  /**
   * With a `store`: the QoS 1/2 publications of `publish()` waiting in the offline queue
   * (or, QoS 2 and MQTT 5, for a place in the window) are recorded in it too, durable
   * before `subscribe()` on `publish()` returns, so a process that dies while offline has the next one
   * (same `clientId`, `clean: false`, store) send them, reported by `recovered$`. Each
   * costs a store commit (`fileStore`: one fsync) as it is queued. A dropped, expired or
   * unsubscribed publication's record goes with it. QoS 0 and `publishAll()` messages stay
   * in memory. Default `false`; `true` without a `store` is a TypeError.
   */
  storeOfflineQueue?: boolean;
}

/** Counters of what the client did that a caller may need to see. */
export interface ClientStats {
  /** QoS 1/2 publications re-sent (PUBLISH or PUBREL) after a reconnect. */
  resends: number;
  /** Inbound messages dropped because observers were too slow (bounded inbound queue). */
  discards: number;
  /** Publications dropped by the offline queue's overflow policy (MQTT 5: or because their Message Expiry Interval ran out while they waited). */
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

/** Options of `MqttClient.reauthenticate`. */
export interface ReauthenticateOptions {
  /** The AUTH 0x19's authentication data (default: the CONNECT's `authenticationData`). */
  authenticationData?: Uint8Array;
  userProperties?: { [name: string]: string | string[] };
}

/** Options of `MqttClient.disconnect`. */
export interface DisconnectOptions {
  /** Disconnect at once, abandoning unacknowledged publications (default false). */
  force?: boolean;
  /** Longest wait for acknowledgements in ms (default the client's `responseTimeout`). */
  timeout?: number;
  /**
   * MQTT 5: user properties of the DISCONNECT. The DISCONNECT properties are those of the
   * first `disconnect()` call that gives any.
   */
  userProperties?: { [name: string]: string | string[] };
  /**
   * MQTT 5: the session's new Session Expiry Interval in seconds (0–4294967295), e.g. 0 to
   * end a kept session now. Not above 0 when the CONNECT's was 0 (or absent) [MQTT-3.14.2-2].
   */
  sessionExpiryInterval?: number;
  /** MQTT 5: a reason for disconnecting, for the server's diagnostics (a Reason String). */
  reasonString?: string;
  /** MQTT 5: a Server Reference sent with the DISCONNECT, as mosquitto_pub's `-D disconnect server-reference` does. */
  serverReference?: string;
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

/** A SUBACK's answer for one filter: the QoS the broker granted [MQTT-3.9.3]. */
export interface SubscriptionGrant {
  filter: string;
  /** The maximum QoS the broker will deliver on this subscription; may be lower than asked. */
  qos: QoS;
}

/**
 * The messages of one filter, as `topic()` returns them, with the broker's answers beside
 * them (as HiveMQ's client pairs a Flowable of publishes with its SUBACK).
 */
export interface TopicObservable extends Observable<MqttMessage> {
  /**
   * The QoS the broker granted this filter: the latest grant at once when there is one,
   * then each new one (a QoS upgrade, the SUBSCRIBE after a reconnect). Following it does
   * not subscribe: subscribe to the topic itself. Completes when the subscription ends
   * (its last observer left, or the client closed); errors with the topic's
   * `SubscriptionRefusedError` or `MqttTimeoutError`.
   *
   * @example
   * ```ts
   * const commands = client.topic('devices/42/commands', { qos: 1 });
   * commands.subscribe(handle);
   * commands.granted$.pipe(take(1)).subscribe(({ qos }) => console.log('subscribed at QoS', qos));
   * ```
   */
  readonly granted$: Observable<SubscriptionGrant>;
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
  /** Messages matching `filter`: SUBSCRIBE on the first observer, UNSUBSCRIBE after the last; `granted$` tells the SUBACK. */
  topic(filter: string, options?: TopicOptions): TopicObservable;
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
  /**
   * MQTT 5 enhanced authentication: re-authenticates on the live connection (AUTH 0x19
   * with the CONNECT's method [MQTT-4.12.1]); the server's challenges go to the
   * `authenticate` option. Emits the server's AUTH 0x00 (success) and completes. Errors:
   * `NOT_CONNECTED` without a connection; the link's end (a refusing server sends
   * DISCONNECT: `SERVER_DISCONNECT` with e.g. reason code 0x87); `AUTH_HOOK_FAILED`,
   * `AUTH_METHOD_MISMATCH`, `UNEXPECTED_AUTH`.
   * @throws RangeError without `protocolVersion: 5` and `properties.authenticationMethod`
   */
  reauthenticate(options?: ReauthenticateOptions): Observable<AuthResult>;
  /** Counters (a snapshot). */
  readonly stats: ClientStats;
  /**
   * The outcomes of the publications recovered from the store at creation (see
   * {@link ClientOptions.store}): one result each as it ends, replayed to late
   * observers; completes when all ended (at once when there were none).
   */
  readonly recovered$: Observable<PublishResult>;
  /**
   * MQTT 5: the properties of the latest CONNACK (kept while reconnecting), e.g. the
   * `responseInformation` a `requester()` builds its response topic on; `{}` before the
   * first connection and on 3.1.1 (always set by `createClient`'s clients).
   */
  readonly connackProperties?: ConnackProperties;
}
