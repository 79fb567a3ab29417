import { asapScheduler, asyncScheduler, SchedulerLike } from 'rxjs';
import type { Will } from '../codec/packet';
import { assertTopicName } from '../codec/topic';
import { encodeUtf8, utf8Length } from '../codec/utf8';
import { MAX_REMAINING_LENGTH } from '../codec/remaining-length';
import { normalizeReconnectPolicy, NormalizedReconnectPolicy } from '../../operators/backoff-delay';
import type { ClientOptions } from './types';
import { yieldScheduler } from './yield-scheduler';

/** What the offline queue does with a publication that finds it full. */
export type OfflineOverflow = 'drop-oldest' | 'drop-newest' | 'error';

/** {@link ClientOptions} checked, with defaults filled in and strings turned into bytes. */
export interface ResolvedOptions {
  clientId: string;
  username?: string;
  password?: Uint8Array;
  /** Seconds; 0 disables keepalive. */
  keepalive: number;
  clean: boolean;
  cleanInit: boolean;
  will?: Will;
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
   * {@link yieldScheduler} (`setImmediate` on Node) unless a scheduler was injected.
   */
  yieldScheduler: SchedulerLike;
}

/** Longest delay a JS timer takes (2^31 - 1 ms). */
const MAX_TIMER_MS = 2147483647;

function fail(error: Error): never {
  throw error;
}

function checkString(name: string, value: unknown, maxBytes: number): string {
  if (typeof value !== 'string') fail(new TypeError(name + ' must be a string, got ' + typeof value));
  let bytes: number;
  try {
    bytes = utf8Length(value as string);
  } catch (e) {
    return fail(new RangeError(name + ' contains a lone surrogate [MQTT-1.5.3-1]'));
  }
  if ((value as string).indexOf('\u0000') >= 0) fail(new RangeError(name + ' contains U+0000 [MQTT-1.5.3-2]'));
  if (bytes > maxBytes) fail(new RangeError(name + ' is ' + bytes + ' bytes long, over ' + maxBytes));
  return value as string;
}

function checkBytes(name: string, value: unknown): Uint8Array {
  if (typeof value === 'string') return encodeUtf8(value);
  if (value instanceof Uint8Array) return value;
  return fail(new TypeError(name + ' must be a string or a Uint8Array'));
}

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') fail(new TypeError(name + ' must be a number, got ' + typeof value));
  const n = value as number;
  if (!(n >= min && n <= max) || Math.floor(n) !== n) {
    fail(new RangeError(name + ' must be an integer from ' + min + ' to ' + max + ', got ' + n));
  }
  return n;
}

function checkBoolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(new TypeError(name + ' must be a boolean, got ' + typeof value));
  return value as boolean;
}

/** Default most publications waiting while offline. */
export const DEFAULT_OFFLINE_LIMIT = 5000;
/** Default most inbound messages waiting for observers. */
export const DEFAULT_INBOUND_LIMIT = 1000;

function resolveQueueLimit(name: string, queue: unknown, fallback: number): number {
  if (queue === undefined) return fallback;
  if (queue === null || typeof queue !== 'object') return fail(new TypeError(name + ' must be an object'));
  const limit = (queue as { limit?: unknown }).limit;
  return limit === undefined ? fallback : checkInteger(name + '.limit', limit, 1, 1000000000);
}

function resolveOverflow(queue: unknown): OfflineOverflow {
  const overflow = queue === undefined ? undefined : (queue as { overflow?: unknown }).overflow;
  if (overflow === undefined) return 'error';
  if (overflow !== 'drop-oldest' && overflow !== 'drop-newest' && overflow !== 'error') {
    fail(new RangeError("offlineQueue.overflow must be 'drop-oldest', 'drop-newest' or 'error', got " + String(overflow)));
  }
  return overflow as OfflineOverflow;
}

function resolveWill(will: unknown): Will {
  if (will === null || typeof will !== 'object') return fail(new TypeError('will must be an object'));
  const w = will as { topic?: unknown; payload?: unknown; qos?: unknown; retain?: unknown };
  assertTopicName(w.topic);
  const payload = checkBytes('will.payload', w.payload);
  if (payload.length > 65535) fail(new RangeError('will.payload is ' + payload.length + ' bytes long, over 65535'));
  const qos = w.qos === undefined ? 0 : checkInteger('will.qos', w.qos, 0, 2);
  return { topic: w.topic, payload, qos: qos as 0 | 1 | 2, retain: checkBoolean('will.retain', w.retain, false) };
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
 * @throws TypeError for a missing `url`/`transport` or a value of the wrong type; an empty
 *   client id with a persistent session [MQTT-3.1.3-7]; a password without a user name
 *   [MQTT-3.1.2-22]
 * @throws RangeError for numbers out of range (keepalive 0–65535, responseTimeout > 0,
 *   queue limits >= 1, ...), an unknown overflow policy, strings over 65535 bytes and
 *   invalid will topics; what `normalizeReconnectPolicy` throws for a bad `reconnect`
 * @example
 * ```ts
 * resolveClientOptions({ url: 'mqtt://127.0.0.1', keepalive: 30 }).clientId; // 'rxmqtt_...'
 * ```
 */
export function resolveClientOptions(options: ClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') return fail(new TypeError('options must be an object'));
  const o = options;
  if (o.transport !== undefined) {
    if (o.transport === null || typeof o.transport !== 'object' || typeof o.transport.open !== 'function') {
      fail(new TypeError('transport must be an object with an open() method'));
    }
  } else if (o.url === undefined) fail(new TypeError('options need a url or a transport'));
  else if (typeof o.url !== 'string') fail(new TypeError('url must be a string, got ' + typeof o.url));

  const clean = checkBoolean('clean', o.clean, true);
  const cleanInit = checkBoolean('cleanInit', o.cleanInit, clean);
  const clientId = o.clientId === undefined ? generateClientId() : checkString('clientId', o.clientId, 65535);
  if (clientId === '' && !(clean && cleanInit)) {
    fail(new TypeError('an empty clientId needs clean sessions: set clean (and cleanInit) true or give a clientId [MQTT-3.1.3-7]'));
  }
  const resolved: ResolvedOptions = {
    clientId,
    keepalive: o.keepalive === undefined ? 60 : checkInteger('keepalive', o.keepalive, 0, 65535),
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
      o.maxPacketSize === undefined ? MAX_REMAINING_LENGTH : checkInteger('maxPacketSize', o.maxPacketSize, 2, MAX_REMAINING_LENGTH),
    scheduler: asyncScheduler,
    flushScheduler: asapScheduler,
    yieldScheduler: yieldScheduler(),
  };
  if (o.responseTimeout !== undefined) {
    if (typeof o.responseTimeout !== 'number') fail(new TypeError('responseTimeout must be a number, got ' + typeof o.responseTimeout));
    if (!(o.responseTimeout > 0 && o.responseTimeout <= MAX_TIMER_MS)) {
      fail(new RangeError('responseTimeout must be a number of ms from 1 to ' + MAX_TIMER_MS + ', got ' + o.responseTimeout));
    }
    resolved.responseTimeout = o.responseTimeout;
  }
  if (o.username !== undefined) resolved.username = checkString('username', o.username, 65535);
  if (o.password !== undefined) {
    if (o.username === undefined) fail(new TypeError('a password needs a username [MQTT-3.1.2-22]'));
    const password = checkBytes('password', o.password);
    if (password.length > 65535) fail(new RangeError('password is ' + password.length + ' bytes long, over 65535'));
    resolved.password = password;
  }
  if (o.will !== undefined) resolved.will = resolveWill(o.will);
  if (o.reconnect !== false) {
    if (o.reconnect !== undefined && (o.reconnect === null || typeof o.reconnect !== 'object')) {
      fail(new TypeError('reconnect must be a policy object or false'));
    }
    resolved.reconnect = normalizeReconnectPolicy(o.reconnect);
  }
  if (o.scheduler !== undefined) {
    const s = o.scheduler as Partial<SchedulerLike> | null;
    if (s === null || typeof s !== 'object' || typeof s.schedule !== 'function' || typeof s.now !== 'function') {
      fail(new TypeError('scheduler must be a SchedulerLike (now() and schedule())'));
    }
    resolved.scheduler = o.scheduler;
    resolved.flushScheduler = o.scheduler;
    resolved.yieldScheduler = o.scheduler;
  }
  if (o.tls !== undefined && (o.tls === null || typeof o.tls !== 'object')) fail(new TypeError('tls must be an object'));
  return resolved;
}
