import { Observable } from 'rxjs';
import type { MqttClient, MqttMessage } from '../lib/client/types';
import type { QoS } from '../lib/codec/packet';
import { MqttError } from '../lib/errors';
import { parseJsonPayload } from './decode-json';
import { type JsonObject, mergeConfig } from './merge-config';
import type { MqttErrorCode } from '../lib/error-codes';

/** Options of {@link configUpdates}. */
export interface ConfigUpdatesOptions<C extends object> {
  /** The configuration in use; emitted first, and what updates are compared with (and merged into). */
  initial?: C;
  /**
   * Checks a candidate (after merging, when `merge` is on): `true` accepts it; `false`,
   * a string (the reason) or a thrown error rejects it.
   */
  validate?: (candidate: JsonObject, current: C | undefined) => boolean | string;
  /** Told about each rejected update; when absent, rejected updates are dropped without a word. */
  onInvalid?: (error: MqttError, message: MqttMessage) => void;
  /** `false` (default, the seed): an update replaces the config; `true`: {@link mergeConfig}. */
  merge?: boolean;
  /**
   * The version field (default `'version'`, as the seed): while the current config has
   * a numeric version, only an update with a greater one is applied; older or equal
   * ones are stale and skipped without a report. `false` turns this off.
   */
  versionKey?: string | false;
  /** QoS of the subscription. */
  qos?: QoS;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i];
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!jsonEqual((a as JsonObject)[k], (b as JsonObject)[k])) return false;
  }
  return true;
}

/**
 * The ESP sensors seed's `check_config_update` as a stream: subscribes to a (retained)
 * JSON config topic and emits each valid, newer configuration — first `initial`, when
 * given, so the stream always says what config is in force. An update is:
 * - ignored when its payload is empty (a retained config being cleared), older or not
 *   newer by `versionKey`, or equal to the current config (a retained one re-delivered
 *   after a reconnect);
 * - rejected, reported to `onInvalid` and never applied, when it is not UTF-8 JSON
 *   (`MqttError` `INVALID_JSON`), not a JSON object or refused by `validate`
 *   (`MqttError` `INVALID_CONFIG`);
 * - otherwise applied (replacing, or merged with {@link mergeConfig}) and emitted.
 *
 * Emits: configurations, `initial` first.
 * Completes: never by itself (unsubscribe, or `takeUntil(timer(waitMs))` to read the
 * config once after waking, as the seed does with `config_wait_time`).
 * Errors: as `client.topic()` does, and with what `onInvalid` throws.
 *
 * @throws TypeError at call time for bad arguments, and what `client.topic()` throws.
 *
 * @example
 * ```ts
 * // on waking: the newest valid config within a second, else the saved one
 * configUpdates(client, '/homecontrol/device/config', {
 *   initial: saved,
 *   validate: (c) => typeof c.interval === 'number' || 'interval must be a number',
 *   onInvalid: (e) => console.warn(e.message),
 * }).pipe(takeUntil(timer(1000)), last()).subscribe((config) => save(config));
 * ```
 */
export function configUpdates<C extends object = JsonObject>(
  client: Pick<MqttClient, 'topic'>,
  topic: string,
  options?: ConfigUpdatesOptions<C>,
): Observable<C> {
  if (!client || typeof client.topic !== 'function') throw new TypeError('configUpdates: client must have a topic() method');
  if (typeof topic !== 'string' || topic === '') throw new TypeError('configUpdates: topic must be a non-empty string');
  const opts: ConfigUpdatesOptions<C> = options === undefined ? {} : options;
  if (opts === null || typeof opts !== 'object') throw new TypeError('configUpdates: options must be an object');
  if (opts.validate !== undefined && typeof opts.validate !== 'function') throw new TypeError('configUpdates: validate must be a function');
  if (opts.onInvalid !== undefined && typeof opts.onInvalid !== 'function') throw new TypeError('configUpdates: onInvalid must be a function');
  if (opts.initial !== undefined && (opts.initial === null || typeof opts.initial !== 'object')) {
    throw new TypeError('configUpdates: initial must be an object');
  }
  const versionKey = opts.versionKey === undefined ? 'version' : opts.versionKey;
  if (versionKey !== false && (typeof versionKey !== 'string' || versionKey === '')) {
    throw new TypeError('configUpdates: versionKey must be a non-empty string or false');
  }
  const messages$ = opts.qos === undefined ? client.topic(topic) : client.topic(topic, { qos: opts.qos });

  return new Observable<C>(function (subscriber) {
    let current = opts.initial;

    function reject(code: MqttErrorCode, text: string, message: MqttMessage, cause?: unknown): void {
      if (opts.onInvalid) opts.onInvalid(new MqttError(code, text, cause), message);
    }

    function isStale(candidate: JsonObject): boolean {
      if (versionKey === false || current === undefined) return false;
      const had = (current as JsonObject)[versionKey];
      if (typeof had !== 'number') return false;
      const has = candidate[versionKey];
      return !(typeof has === 'number' && has > had);
    }

    function receive(message: MqttMessage): void {
      if (message.payload.length === 0) return;
      const parsed = parseJsonPayload<unknown>(message);
      if (!parsed.ok) {
        if (opts.onInvalid) opts.onInvalid(parsed.error, message);
        return;
      }
      const where = 'config on "' + message.topic + '"';
      const update = parsed.value;
      if (update === null || typeof update !== 'object' || Array.isArray(update)) {
        reject('INVALID_CONFIG', where + ' is not a JSON object', message);
        return;
      }
      if (isStale(update as JsonObject)) return;
      const candidate = opts.merge && current !== undefined ? mergeConfig(current as JsonObject, update) : (update as JsonObject);
      if (current !== undefined && jsonEqual(candidate, current)) return;
      if (opts.validate) {
        let verdict: boolean | string;
        try {
          verdict = opts.validate(candidate, current);
        } catch (e) {
          reject('INVALID_CONFIG', where + ' was rejected: ' + (e as Error).message, message, e);
          return;
        }
        if (verdict !== true) {
          reject('INVALID_CONFIG', where + ' was rejected: ' + (typeof verdict === 'string' ? verdict : 'validate returned ' + String(verdict)), message);
          return;
        }
      }
      current = candidate as unknown as C;
      subscriber.next(current);
    }

    if (current !== undefined) subscriber.next(current);
    return messages$.subscribe({
      next: function (message: MqttMessage) {
        try {
          receive(message);
        } catch (e) {
          subscriber.error(e); // what onInvalid threw
        }
      },
      error: function (err: unknown) {
        subscriber.error(err);
      },
      complete: function () {
        subscriber.complete();
      },
    });
  });
}
