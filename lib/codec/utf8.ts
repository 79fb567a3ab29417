/**
 * Portable UTF-8 for the codec: hand-written on `Uint8Array` (Espruino has no
 * TextEncoder/TextDecoder), with an ASCII fast path, and TextEncoder/TextDecoder used
 * only as an optional fast path for long strings where the platform has them.
 *
 * MQTT strings must be well-formed UTF-8 without surrogate code points [MQTT-1.5.3-1];
 * a U+FEFF at the start is kept, never stripped as a BOM [MQTT-1.5.3-3].
 */
import { protocolError } from './protocol-error';
import { utf8Length } from './utf8-length';

export { utf8Length };

/** Strings at least this long are encoded by TextEncoder when the platform has it. */
const NATIVE_ENCODE_THRESHOLD = 48;
/** Byte runs at least this long are decoded by TextDecoder when the platform has it. */
const NATIVE_DECODE_THRESHOLD = 16;

// Created lazily; `null` where the platform lacks them (Espruino) or they fail to construct.
let nativeDecoder: { decode(b: Uint8Array): string } | null | undefined;
let nativeEncoder: { encodeInto(s: string, b: Uint8Array): { written?: number } } | null | undefined;

function getDecoder(): { decode(b: Uint8Array): string } | null {
  if (nativeDecoder === undefined) {
    try {
      nativeDecoder = typeof TextDecoder === 'function' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : null;
    } catch (e) {
      nativeDecoder = null;
    }
  }
  return nativeDecoder;
}

function getEncoder(): { encodeInto(s: string, b: Uint8Array): { written?: number } } | null {
  if (nativeEncoder === undefined) {
    nativeEncoder = typeof TextEncoder === 'function' && typeof TextEncoder.prototype.encodeInto === 'function' ? new TextEncoder() : null;
  }
  return nativeEncoder;
}

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
  const n = s.length;
  if (n >= NATIVE_ENCODE_THRESHOLD) {
    const enc = getEncoder();
    if (enc !== null) return pos + (enc.encodeInto(s, out.subarray(pos)).written as number);
  }
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[pos++] = c;
    } else if (c < 0x800) {
      out[pos++] = 0xc0 | (c >> 6);
      out[pos++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    } else {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out[pos++] = 0xf0 | (c >> 18);
      out[pos++] = 0x80 | ((c >> 12) & 0x3f);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
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
  const out = new Uint8Array(utf8Length(s));
  writeUtf8(s, out, 0);
  return out;
}

function malformed(offset: number): never {
  throw protocolError('MALFORMED_UTF8', 'ill-formed UTF-8 at byte ' + offset + ' of the string [MQTT-1.5.3-1]');
}

/**
 * Strict hand-written decoder: rejects overlongs, surrogates and code points past U+10FFFF.
 * `origin` is where the whole string starts, for the error message.
 */
function decodeSlow(bytes: Uint8Array, start: number, end: number, origin: number): string {
  let s = '';
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      s += String.fromCharCode(b);
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f; // U+D800..U+DFFF are not characters
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else {
      return malformed(i - origin);
    }
    if (i + need >= end) return malformed(i - origin); // cut short by the end of the string
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c < lo || c > hi) return malformed(i - origin);
      lo = 0x80;
      hi = 0xbf;
      cp = (cp << 6) | (c & 0x3f);
    }
    i += need + 1;
    if (cp < 0x10000) {
      s += String.fromCharCode(cp);
    } else {
      cp -= 0x10000;
      s += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    }
  }
  return s;
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
  const n = end - start;
  if (n >= NATIVE_DECODE_THRESHOLD) {
    const dec = getDecoder();
    if (dec !== null) {
      try {
        return dec.decode(bytes.subarray(start, end));
      } catch (e) {
        return decodeSlow(bytes, start, end, start); // throws the coded error at the bad byte
      }
    }
  }
  let s = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b >= 0x80) return s + decodeSlow(bytes, i, end, start);
    s += String.fromCharCode(b);
  }
  return s;
}
