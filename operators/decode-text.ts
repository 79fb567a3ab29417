import { map, type OperatorFunction } from 'rxjs';
import { decodeUtf8 } from '../lib/codec/utf8';
import { MqttError } from '../lib/errors';

/** Options of {@link decodeText}. */
export interface DecodeTextOptions {
  /**
   * `false` (default): ill-formed bytes become U+FFFD, as `TextDecoder` does.
   * `true`: an ill-formed payload errors the stream with `INVALID_TEXT`.
   */
  fatal?: boolean;
}

/**
 * The length of the well-formed UTF-8 sequence at `i`, or minus the length of the
 * maximal ill-formed subpart there (what the Encoding Standard replaces by one U+FFFD).
 */
function sequenceAt(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) {
    need = 1;
  } else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else {
    return -1;
  }
  for (let k = 1; k <= need; k++) {
    if (i + k >= end) return -k;
    const c = bytes[i + k];
    if (c < lo || c > hi) return -k;
    lo = 0x80;
    hi = 0xbf;
  }
  return need + 1;
}

function decodeLenient(bytes: Uint8Array): string {
  let out = '';
  let run = 0;
  let i = 0;
  const end = bytes.length;
  while (i < end) {
    const n = sequenceAt(bytes, i, end);
    if (n > 0) {
      i += n;
    } else {
      out += decodeUtf8(bytes, run, i) + '\ufffd';
      i -= n;
      run = i;
    }
  }
  return out + decodeUtf8(bytes, run, end);
}

/**
 * A payload as text: UTF-8 decoded, each ill-formed part replaced by U+FFFD exactly
 * as `new TextDecoder().decode(payload)` does, without needing `TextDecoder`
 * (Espruino has none). A leading U+FEFF is kept.
 *
 * @example
 * ```ts
 * payloadText(message.payload); // '21.5'
 * payloadText(new Uint8Array([0x61, 0xff, 0x62])); // 'a\ufffdb'
 * ```
 */
export function payloadText(payload: Uint8Array): string {
  try {
    return decodeUtf8(payload, 0, payload.length);
  } catch (e) {
    return decodeLenient(payload);
  }
}

/**
 * Maps each message (or bare payload) to its payload decoded as UTF-8 text.
 *
 * Emits: one string per value.
 * Completes: when the source does.
 * Errors: as the source does; with `{ fatal: true }`, with an `MqttError`
 * `INVALID_TEXT` (its `cause` the codec's `MALFORMED_UTF8`) on an ill-formed payload.
 *
 * @example
 * ```ts
 * client.topic('esp32/commands').pipe(decodeText()).subscribe((command) => run(command));
 * ```
 */
export function decodeText(options?: DecodeTextOptions): OperatorFunction<Uint8Array | { topic?: string; payload: Uint8Array }, string> {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('decodeText: options must be an object');
  }
  const fatal = options !== undefined && options.fatal === true;
  return map(function (value: Uint8Array | { topic?: string; payload: Uint8Array }): string {
    const bytes = value instanceof Uint8Array ? value : value.payload;
    if (!fatal) return payloadText(bytes);
    try {
      return decodeUtf8(bytes, 0, bytes.length);
    } catch (e) {
      const topic = value instanceof Uint8Array ? undefined : value.topic;
      const where = topic === undefined ? 'payload' : 'payload on "' + topic + '"';
      throw new MqttError('INVALID_TEXT', where + ' is not well-formed UTF-8: ' + (e as Error).message, e);
    }
  });
}
