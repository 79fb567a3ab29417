/**
 * Strings and bytes on a device: Espruino's own `E.toUint8Array` / `E.toString` /
 * `E.asUTF8` where they exist (no TextEncoder there), TextEncoder/TextDecoder and
 * index loops elsewhere (the Node specs). Sockets on Espruino speak binary strings:
 * one character per byte.
 */

interface EspruinoText {
  toUint8Array(data: string): Uint8Array;
  toString(data: Uint8Array): string | undefined;
  asUTF8?(binary: string): string;
}

declare const E: EspruinoText | undefined;

function espruino(): EspruinoText | undefined {
  return typeof E !== 'undefined' ? E : undefined;
}

/**
 * The UTF-8 bytes of `text`.
 *
 * @example
 * ```js
 * utf8Bytes('21.5 °C').length; // 8
 * ```
 */
export function utf8Bytes(text: string): Uint8Array {
  const e = espruino();
  if (e) return e.toUint8Array(text);
  return typeof TextEncoder !== 'undefined' ? new TextEncoder().encode(text) : bytesOfBinary(unescape(encodeURIComponent(text)));
}

/**
 * The bytes of a binary string (as a socket's `'data'` event gives it), one per character.
 *
 * @example
 * ```js
 * bytesOfBinary('\x20\x02'); // Uint8Array [32, 2]
 * ```
 */
export function bytesOfBinary(binary: string): Uint8Array {
  const e = espruino();
  if (e) return e.toUint8Array(binary);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The binary string of `bytes`, for `socket.write` (Espruino writes a Uint8Array as
 * the text "65,66,...").
 *
 * @example
 * ```js
 * socket.write(binaryOfBytes(new Uint8Array([0xc0, 0]))); // PINGREQ
 * ```
 */
export function binaryOfBytes(bytes: Uint8Array): string {
  const e = espruino();
  const flat = e ? e.toString(bytes) : undefined;
  if (typeof flat === 'string') return flat;
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/**
 * The text of UTF-8 bytes held in a binary string (a topic as it comes off the wire).
 * An Espruino build without Unicode strings keeps the bytes as they are.
 *
 * @example
 * ```js
 * textOfBinary('\xc2\xb0'); // '°'
 * ```
 */
export function textOfBinary(binary: string): string {
  const e = espruino();
  if (e) return e.asUTF8 ? e.asUTF8(binary) : binary;
  return typeof TextDecoder !== 'undefined' ? new TextDecoder().decode(bytesOfBinary(binary)) : decodeURIComponent(escape(binary));
}

/**
 * The text of UTF-8 bytes, e.g. a message's payload; `start`/`end` pick a part.
 *
 * @example
 * ```js
 * client.topic('cfg').subscribe(function (m) { console.log(decodeUtf8(m.payload)); });
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, start?: number, end?: number): string {
  const part = start === undefined && end === undefined ? bytes : bytes.subarray(start || 0, end === undefined ? bytes.length : end);
  return textOfBinary(binaryOfBytes(part));
}
