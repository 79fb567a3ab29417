/**
 * Bytes <-> binary strings, the form Espruino's sockets speak: every character of a
 * binary string is one byte (0–255). Uses Espruino's native `E.toUint8Array` /
 * `E.toString` when present, index loops otherwise (Node specs, other engines).
 */

/** The part of Espruino's global `E` the conversions use. */
export interface EspruinoE {
  /** A flat string of the bytes, or `undefined` when no flat string could be allocated. */
  toString(data: Uint8Array): string | undefined;
  /** A Uint8Array of the string's character codes. */
  toUint8Array?(data: string): Uint8Array;
}

declare const E: EspruinoE | undefined;

/** Espruino's global `E`, or `undefined` elsewhere. */
export function globalEspruinoE(): EspruinoE | undefined {
  return typeof E !== 'undefined' ? E : undefined;
}

/**
 * Converts a binary string (one byte per character, as Espruino's `'data'` events
 * deliver it) to bytes. Characters above 255 keep their low byte.
 *
 * @example
 * ```ts
 * bytesFromBinaryString('\x20\x02\x00\x00'); // Uint8Array [32, 2, 0, 0] (a CONNACK)
 * ```
 */
export function bytesFromBinaryString(data: string, e?: EspruinoE): Uint8Array {
  if (e && e.toUint8Array) return e.toUint8Array(data);
  const length = data.length;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = data.charCodeAt(i) & 255;
  return bytes;
}

/** Bytes per `String.fromCharCode.apply` call in the fallback (keeps argument lists short). */
const CHUNK = 1024;

/**
 * Converts bytes to a binary string for `socket.write` (Espruino writes a Uint8Array
 * as the text "65,66,..."). `E.toString` first; when it is absent or cannot allocate
 * a flat string, `String.fromCharCode` over chunks.
 *
 * @example
 * ```ts
 * socket.write(binaryStringFromBytes(encodePacket({ type: 'pingreq' }))); // "\xC0\x00"
 * ```
 */
export function binaryStringFromBytes(bytes: Uint8Array, e?: EspruinoE): string {
  if (e) {
    const flat = e.toString(bytes);
    if (typeof flat === 'string') return flat;
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const end = i + CHUNK < bytes.length ? i + CHUNK : bytes.length;
    out += String.fromCharCode.apply(null, bytes.subarray(i, end) as unknown as number[]);
  }
  return out;
}
