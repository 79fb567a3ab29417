import { map, type OperatorFunction } from 'rxjs';
import type { MqttMessage } from '../lib/client/types';
import { decodeUtf8 } from '../lib/codec/utf8';
import { MqttError } from '../lib/errors';

/** What a message carries that {@link decodeJson} reads. */
export interface JsonSource {
  topic?: string;
  payload: Uint8Array;
}

/**
 * The outcome of parsing one payload as JSON: a value either way, so one bad
 * message never ends a stream.
 */
export type JsonResult<T = unknown, M = MqttMessage> =
  | { ok: true; value: T; message: M }
  | { ok: false; error: MqttError; message: M };

/**
 * Parses a message's payload as UTF-8 JSON.
 *
 * @returns `{ ok: true, value, message }`, or `{ ok: false, error, message }` where
 *   `error` is an `MqttError` with code `INVALID_JSON` whose message names the topic
 *   and the cause (ill-formed UTF-8, or the `JSON.parse` error, kept as `cause`).
 *   An empty payload is invalid JSON too.
 *
 * @example
 * ```ts
 * const r = parseJsonPayload(message);
 * if (r.ok) apply(r.value); else console.warn(r.error.message);
 * ```
 */
export function parseJsonPayload<T = unknown, M extends JsonSource = MqttMessage>(message: M): JsonResult<T, M> {
  const payload = message.payload;
  try {
    return { ok: true, value: JSON.parse(decodeUtf8(payload, 0, payload.length)) as T, message: message };
  } catch (e) {
    const where = message.topic === undefined ? 'payload' : 'payload on "' + message.topic + '"';
    const error = new MqttError('INVALID_JSON', where + ' is not valid JSON: ' + (e as Error).message, e);
    return { ok: false, error: error, message: message };
  }
}

/**
 * Maps each message to a {@link JsonResult}: its payload parsed as UTF-8 JSON, or the
 * reason it could not be, as a value.
 *
 * Emits: one `JsonResult` per message (`ok: false` with an `INVALID_JSON` error for a
 * payload that is not UTF-8 JSON, never a stream error).
 * Completes / errors: when the source does.
 *
 * @example
 * ```ts
 * client.topic('sensors/+/data').pipe(decodeJson<{ temperature: number }>()).subscribe((r) => {
 *   if (r.ok) console.log(r.message.topic, r.value.temperature);
 *   else console.warn(r.error.message);
 * });
 * ```
 */
export function decodeJson<T = unknown, M extends JsonSource = MqttMessage>(): OperatorFunction<M, JsonResult<T, M>> {
  return map(function (message: M) {
    return parseJsonPayload<T, M>(message);
  });
}
