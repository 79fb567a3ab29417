/**
 * lib/device/text.ts for the Espruino build: the same functions on Espruino's `E`
 * alone (a board always has it), without the fallbacks other engines need.
 */

interface EspruinoText {
  toUint8Array(data: string): Uint8Array;
  toString(data: Uint8Array): string | undefined;
  asUTF8?(binary: string): string;
}

declare const E: EspruinoText;

/** The UTF-8 bytes of `text` (see text.ts). */
export function utf8Bytes(text: string): Uint8Array {
  return E.toUint8Array(text);
}

/** The bytes of a binary string (see text.ts). */
export function bytesOfBinary(binary: string): Uint8Array {
  return E.toUint8Array(binary);
}

/** The binary string of `bytes`, for `socket.write` (see text.ts). */
export function binaryOfBytes(bytes: Uint8Array): string {
  const flat = E.toString(bytes);
  if (typeof flat === 'string') return flat;
  let out = ''; // no flat string could be allocated: build it in pieces
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** The text of UTF-8 bytes held in a binary string (see text.ts). */
export function textOfBinary(binary: string): string {
  return E.asUTF8 ? E.asUTF8(binary) : binary;
}

/** The text of UTF-8 bytes, e.g. a message's payload; `start`/`end` pick a part (see text.ts). */
export function decodeUtf8(bytes: Uint8Array, start?: number, end?: number): string {
  const part = start === undefined && end === undefined ? bytes : bytes.subarray(start || 0, end === undefined ? bytes.length : end);
  return textOfBinary(binaryOfBytes(part));
}
