/**
 * Browser build of `utf8.ts` (chosen by scripts/build/browser.cjs): the same functions,
 * results and errors over the TextEncoder/TextDecoder every browser has, without the
 * hand-written codec that Espruino needs. Short ASCII runs still take a plain loop.
 *
 * MQTT strings must be well-formed UTF-8 without surrogate code points [MQTT-1.5.3-1];
 * a U+FEFF at the start is kept, never stripped as a BOM [MQTT-1.5.3-3].
 */
import { protocolError } from './protocol-error';
import { utf8Length } from './utf8-length';

export { utf8Length };

/** Byte runs shorter than this are read by a loop while they are ASCII. */
const NATIVE_DECODE_THRESHOLD = 16;

const encoder = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Writes `s` as UTF-8 into `out` at `pos` and returns the position after it. The caller
 * has checked `s` with {@link utf8Length} and made room for it.
 *
 * @example
 * ```ts
 * const out = new Uint8Array(utf8Length(s));
 * writeUtf8(s, out, 0);
 * ```
 */
export function writeUtf8(s: string, out: Uint8Array, pos: number): number {
  if (encoder.encodeInto) return pos + (encoder.encodeInto(s, out.subarray(pos)).written as number);
  const bytes = encoder.encode(s); // browsers from before encodeInto (Safari < 14.1)
  out.set(bytes, pos);
  return pos + bytes.length;
}

/**
 * Encodes `s` as UTF-8 in a new `Uint8Array`.
 *
 * @throws RangeError when `s` holds a lone surrogate
 * @example
 * ```ts
 * encodeUtf8('hé'); // Uint8Array [0x68, 0xc3, 0xa9]
 * ```
 */
export function encodeUtf8(s: string): Uint8Array {
  utf8Length(s);
  return encoder.encode(s);
}

/**
 * Where in `bytes[start..end)` (which a fatal TextDecoder refused) the first ill-formed
 * sequence starts: at the first U+FFFD of the lenient decoding that the bytes do not
 * spell out (EF BF BD). The replacement starts where the strict hand-written decoder
 * of utf8.ts stops, so both report the same byte.
 */
function firstIllFormed(bytes: Uint8Array, start: number, end: number): number {
  const text = lenient.decode(bytes.subarray(start, end));
  let at = text.indexOf('\ufffd');
  for (;;) {
    const offset = encoder.encode(text.slice(0, at)).length;
    const i = start + offset;
    if (bytes[i] !== 0xef || bytes[i + 1] !== 0xbf || bytes[i + 2] !== 0xbd) return offset;
    at = text.indexOf('\ufffd', at + 1);
  }
}

/**
 * Decodes the UTF-8 bytes `bytes[start..end)` into a string.
 *
 * @throws MqttProtocolError `MALFORMED_UTF8` when the bytes are not well-formed UTF-8
 *   (overlong forms, surrogates, code points past U+10FFFF, cut sequences) [MQTT-1.5.3-1]
 * @example
 * ```ts
 * decodeUtf8(new Uint8Array([0x68, 0xc3, 0xa9]), 0, 3); // 'hé'
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start < NATIVE_DECODE_THRESHOLD) {
    let s = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      if (b >= 0x80) break;
      s += String.fromCharCode(b);
    }
    if (s.length === end - start) return s;
  }
  try {
    return strict.decode(bytes.subarray(start, end));
  } catch (e) {
    throw protocolError('MALFORMED_UTF8', 'ill-formed UTF-8 at byte ' + firstIllFormed(bytes, start, end) + ' of the string [MQTT-1.5.3-1]');
  }
}
