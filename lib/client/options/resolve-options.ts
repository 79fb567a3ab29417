import { DEFAULT_MAX_PACKET_SIZE } from './default-max-packet-size';
import type { SchedulerLike } from 'rxjs';
import { checkBoolean, checkInteger, checkNumber, checkObject } from '../../arg-checks';
import type { Will } from '../../codec/packet';
import { encodeConnect } from '../../codec/encode-connect';
import { encodeUtf8 } from '../../codec/utf8';
import { MAX_REMAINING_LENGTH } from '../../codec/remaining-length';
import { MAX_TIMER_DELAY, normalizeReconnectPolicy, NormalizedReconnectPolicy } from '../connection/reconnect-policy';
import { ConnectFields, connectPacket } from '../connection/connect-packet';
import { checkProperties } from '../v5/check-properties';
import { BrokerUrl, parseBrokerUrl } from './parse-broker-url';
import { redactUrl } from './redact-url';
import type { ClientOptions } from '../types';
import type { SessionStore } from '../store/session-store';

const STORE_METHODS = ['open', 'putOutgoing', 'releaseOutgoing', 'removeOutgoing', 'putIncoming', 'removeIncoming', 'clearIncoming', 'commit', 'close'];

/** What `storeOfflineQueue` needs of a store besides {@link STORE_METHODS} (a store written before it may lack them). */
const QUEUE_METHODS = ['putQueued', 'removeQueued', 'sendQueued'];

/** Checks that `store` has the methods of a {@link SessionStore}. */
function checkStore(store: unknown, methods = STORE_METHODS): SessionStore {
  checkObject(store, 'store');
  for (let i = 0; i < methods.length; i++) {
    if (typeof (store as { [k: string]: unknown })[methods[i]] !== 'function') {
      throw new TypeError('store must be a SessionStore (memoryStore(), fileStore(dir), ...): it has no ' + methods[i] + '() method');
    }
  }
  return store as SessionStore;
}
import { defaultFlushScheduler, defaultScheduler, defaultYieldScheduler } from '../shared/default-schedulers';

/** What the offline queue does with a publication that finds it full. */
export type OfflineOverflow = 'drop-oldest' | 'drop-newest' | 'error';

/** {@link ClientOptions} checked, with defaults filled in and strings turned into bytes. */
export interface ResolvedOptions extends ConnectFields {
  /** `url` (or the first of `servers`) parsed when the client dials it (no `transport` given), else null. */
  url: BrokerUrl | null;
  /** `servers` parsed, each with its name for `state$` (password redacted), when given (and no `transport`); else null. */
  servers: Array<{ url: BrokerUrl; name: string }> | null;
  /** The options given, with the user name and password of {@link url} where they had none (what a transport factory gets). */
  given: ClientOptions;
  /** Milliseconds. */
  responseTimeout: number;
  /** The checked policy with its defaults, or false: the first outage ends the client. */
  reconnect: NormalizedReconnectPolicy | false;
  /** Publications waiting while offline: at most `limit`, then `overflow` decides. */
  offlineQueue: { limit: number; overflow: OfflineOverflow };
  /** Inbound messages waiting for slow observers: at most `limit`, then the oldest is dropped. */
  inboundQueue: { limit: number };
  maxPacketSize: number;
  /** Timers: keepalive, deadlines, backoff. */
  scheduler: SchedulerLike;
  /** When queued packets are written: `asapScheduler` (end of the turn) unless a scheduler was injected. */
  flushScheduler: SchedulerLike;
  /**
   * How the client yields to the event loop between inbound delivery slices:
   * `defaultYieldScheduler` (`setImmediate` on Node) unless a scheduler was injected.
   */
  yieldScheduler: SchedulerLike;
  /** Where the session state lives across processes; null: in the client's memory. */
  store: SessionStore | null;
  /** Whether queued QoS 1/2 publications are recorded in {@link store} too. */
  storeOfflineQueue: boolean;
}

/** A binary option: a Uint8Array, or a string taken as UTF-8 (its length is the CONNECT check's). */
function checkBytes(name: string, value: unknown): Uint8Array {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) throw new TypeError(name + ' must be a string or a Uint8Array');
  return typeof value === 'string' ? encodeUtf8(value) : value;
}

function optionalBoolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  checkBoolean(value, name);
  return value;
}

/** Default most publications waiting while offline. */
export const DEFAULT_OFFLINE_LIMIT = 5000;
/** Default most inbound messages waiting for observers. */
export const DEFAULT_INBOUND_LIMIT = 1000;

function resolveQueueLimit(name: string, queue: unknown, fallback: number): number {
  if (queue === undefined) return fallback;
  checkObject(queue, name);
  const limit = (queue as { limit?: unknown }).limit;
  return limit === undefined ? fallback : checkInteger(limit, 1, 1000000000, name + '.limit');
}

/** The overflow policy of `queue`, which {@link resolveQueueLimit} found absent or an object. */
function resolveOverflow(queue: { overflow?: unknown } | undefined): OfflineOverflow {
  const overflow = queue && queue.overflow;
  if (overflow === undefined) return 'error';
  if (overflow !== 'drop-oldest' && overflow !== 'drop-newest' && overflow !== 'error') {
    throw new RangeError("offlineQueue.overflow must be 'drop-oldest', 'drop-newest' or 'error', got " + String(overflow));
  }
  return overflow as OfflineOverflow;
}

function resolveWill(will: unknown): Will {
  checkObject(will, 'will');
  const w = will as Partial<Will>;
  const payload = checkBytes('will.payload', w.payload);
  const resolved: Will = { topic: w.topic as string, payload, qos: w.qos === undefined ? 0 : w.qos, retain: optionalBoolean('will.retain', w.retain, false) };
  if (w.properties !== undefined) resolved.properties = checkProperties(w.properties, 'will', 'will.properties');
  return resolved;
}

/**
 * The protocol version option: 4 when absent, else 3, 4 or 5.
 * @throws TypeError for a value that is not a number; RangeError for another number
 */
function resolveProtocolVersion(version: unknown): 3 | 4 | 5 {
  if (version === undefined) return 4;
  checkNumber(version, 'protocolVersion');
  if (version !== 3 && version !== 4 && version !== 5) {
    throw new RangeError('protocolVersion must be 3 (MQTT 3.1), 4 (MQTT 3.1.1) or 5 (MQTT 5), got ' + String(version));
  }
  return version;
}

/**
 * `options` with the user name and password of `url` when the options have none.
 * @example
 * ```ts
 * withUrlCredentials({}, parseBrokerUrl('mqtt://u:p@h')); // { username: 'u', password: 'p' }
 * ```
 */
function withUrlCredentials(options: ClientOptions, url: BrokerUrl): ClientOptions {
  if (url.username === undefined || options.username !== undefined) return options;
  const copy: ClientOptions = Object.assign({}, options, { username: url.username });
  if (url.password !== undefined && options.password === undefined) copy.password = url.password;
  return copy;
}

/**
 * `servers` parsed; their user names and passwords must agree (one CONNECT serves them
 * all) unless the options give a user name.
 */
function parseServers(options: ClientOptions): Array<{ url: BrokerUrl; name: string }> {
  const list = options.servers as unknown;
  if (!Array.isArray(list) || list.length === 0) throw new TypeError('servers must be a non-empty array of broker URLs');
  const servers = list.map((url: unknown) => ({ url: parseBrokerUrl(url as string), name: redactUrl(url as string) }));
  if (options.username !== undefined) return servers;
  let first: BrokerUrl | undefined;
  for (let i = 0; i < servers.length; i++) {
    const url = servers[i].url;
    if (url.username === undefined) continue;
    if (first === undefined) first = url;
    else if (url.username !== first.username || url.password !== first.password) {
      throw new TypeError('the servers carry different user names or passwords (' + servers[i].name + '): give username and password in the options');
    }
  }
  return servers;
}

function generateClientId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  let id = 'rxmqtt_';
  for (let i = 0; i < 16; i++) id += alphabet.charAt(Math.floor(Math.random() * 36));
  return id;
}

/**
 * Checks {@link ClientOptions} and fills in the defaults: keepalive 60 s, clean true
 * (cleanInit = clean), responseTimeout 10 s, a generated client id (`rxmqtt_` + 16
 * random characters: 23 bytes, the length every broker must accept [MQTT-3.1.3-5]),
 * reconnect with the default backoff (1 s, ×2, 120 s, ±25 %), an offline queue of
 * 5000 with overflow `'error'`, an inbound queue of 1000.
 * Longer client ids are allowed (most brokers take them).
 *
 * A `url` (when no `transport` is given) is parsed ({@link parseBrokerUrl}); its user
 * name and password count when the options give no user name. So are `servers` (the
 * same user name and password in every URL that has one).
 *
 * The CONNECT fields (client id, keepalive, user name, password, will) are checked by
 * encoding the first CONNECT once, so their errors are `encodeConnect`'s ("CONNECT: ...").
 *
 * @throws TypeError for a missing `url`/`servers`/`transport`, both `url` and `servers`, an
 *   empty `servers` or servers with different credentials, a malformed URL or one of an unknown
 *   scheme, or a value of the wrong type; an empty
 *   client id with a persistent session [MQTT-3.1.3-7]; a password without a user name
 *   [MQTT-3.1.2-22]
 * @throws RangeError for numbers out of range (keepalive 0–65535, responseTimeout > 0,
 *   queue limits >= 1, ...), an unknown overflow policy, strings over 65535 bytes and
 *   invalid will topics, a `url` port outside 1–65535; what `normalizeReconnectPolicy`
 *   throws for a bad `reconnect`; a `protocolVersion` other than 3, 4 or 5;
 *   `properties` or `will.properties` without `protocolVersion: 5`; what `checkProperties`
 *   throws for a bad property ("properties receiveMaximum must be ...")
 * @example
 * ```ts
 * resolveClientOptions({ url: 'mqtt://127.0.0.1', keepalive: 30 }).clientId; // 'rxmqtt_...'
 * ```
 */
export function resolveClientOptions(options: ClientOptions): ResolvedOptions {
  checkObject(options, 'options');
  let o = options;
  let url: BrokerUrl | null = null;
  let servers: Array<{ url: BrokerUrl; name: string }> | null = null;
  if (o.url !== undefined && o.servers !== undefined) throw new TypeError('give either url or servers, not both');
  if (o.transport !== undefined) {
    if (o.transport === null || typeof o.transport !== 'object' || typeof o.transport.open !== 'function') {
      throw new TypeError('transport must be an object with an open() method');
    }
  } else if (o.servers !== undefined) {
    servers = parseServers(o);
    let withCredentials = servers[0].url;
    for (let i = 0; i < servers.length; i++) if (servers[i].url.username !== undefined) withCredentials = servers[i].url;
    url = servers[0].url;
    o = withUrlCredentials(o, withCredentials);
  } else if (o.url === undefined) throw new TypeError('options need a url, servers or a transport');
  else {
    url = parseBrokerUrl(o.url); // which checks that it is a string
    o = withUrlCredentials(o, url);
  }

  const clean = optionalBoolean('clean', o.clean, true);
  const cleanInit = optionalBoolean('cleanInit', o.cleanInit, clean);
  const clientId = o.clientId === undefined ? generateClientId() : o.clientId;
  if (clientId === '' && !(clean && cleanInit)) {
    throw new TypeError('an empty clientId needs clean sessions: set clean (and cleanInit) true or give a clientId [MQTT-3.1.3-7]');
  }
  const protocolVersion = resolveProtocolVersion(o.protocolVersion);
  const resolved: ResolvedOptions = {
    url,
    servers,
    given: o,
    protocolVersion,
    clientId,
    keepalive: o.keepalive === undefined ? 60 : o.keepalive,
    clean,
    cleanInit,
    responseTimeout: 10000,
    reconnect: false,
    offlineQueue: {
      limit: resolveQueueLimit('offlineQueue', o.offlineQueue, DEFAULT_OFFLINE_LIMIT),
      overflow: resolveOverflow(o.offlineQueue),
    },
    inboundQueue: { limit: resolveQueueLimit('inboundQueue', o.inboundQueue, DEFAULT_INBOUND_LIMIT) },
    maxPacketSize:
      o.maxPacketSize === undefined ? DEFAULT_MAX_PACKET_SIZE : checkInteger(o.maxPacketSize, 2, MAX_REMAINING_LENGTH, 'maxPacketSize'),
    scheduler: defaultScheduler,
    flushScheduler: defaultFlushScheduler,
    yieldScheduler: defaultYieldScheduler,
    store: o.store === undefined ? null : checkStore(o.store),
    storeOfflineQueue: optionalBoolean('storeOfflineQueue', o.storeOfflineQueue, false),
  };
  if (resolved.storeOfflineQueue) {
    if (resolved.store === null) throw new TypeError('storeOfflineQueue needs a store (memoryStore(), fileStore(dir), ...)');
    checkStore(resolved.store, QUEUE_METHODS);
  }
  if (o.responseTimeout !== undefined) {
    checkNumber(o.responseTimeout, 'responseTimeout');
    if (!(o.responseTimeout > 0 && o.responseTimeout <= MAX_TIMER_DELAY)) {
      throw new RangeError('responseTimeout must be a number of ms from 1 to ' + MAX_TIMER_DELAY + ', got ' + o.responseTimeout);
    }
    resolved.responseTimeout = o.responseTimeout;
  }
  if (o.username !== undefined) resolved.username = o.username;
  if (o.password !== undefined) {
    if (o.username === undefined) throw new TypeError('a password needs a username [MQTT-3.1.2-22]');
    resolved.password = checkBytes('password', o.password);
  }
  if (o.will !== undefined) resolved.will = resolveWill(o.will);
  if (protocolVersion !== 5 && (o.properties !== undefined || (resolved.will && resolved.will.properties !== undefined))) {
    throw new RangeError('properties (and will.properties) need protocolVersion 5, got protocolVersion ' + protocolVersion);
  }
  if (o.properties !== undefined) resolved.properties = checkProperties(o.properties, 'connect', 'properties');
  if (o.authenticate !== undefined) {
    if (typeof o.authenticate !== 'function') throw new TypeError('authenticate must be a function, got ' + typeof o.authenticate);
    if (resolved.properties === undefined || resolved.properties.authenticationMethod === undefined) {
      throw new RangeError('authenticate needs protocolVersion 5 and properties.authenticationMethod');
    }
  }
  if (o.reconnect !== false) resolved.reconnect = normalizeReconnectPolicy(o.reconnect);
  if (o.scheduler !== undefined) {
    const s = o.scheduler as Partial<SchedulerLike> | null;
    if (s === null || typeof s !== 'object' || typeof s.schedule !== 'function' || typeof s.now !== 'function') {
      throw new TypeError('scheduler must be a SchedulerLike (now() and schedule())');
    }
    resolved.scheduler = o.scheduler;
    resolved.flushScheduler = o.scheduler;
    resolved.yieldScheduler = o.scheduler;
  }
  if (o.tls !== undefined) checkObject(o.tls, 'tls');
  // the CONNECT of the first connection, encoded once: the codec checks the client id,
  // keepalive, credentials and will as it will on every connection
  encodeConnect(connectPacket(resolved, true), protocolVersion);
  return resolved;
}
