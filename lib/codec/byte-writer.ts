/**
 * Writes of MQTT's field types into a packet allocated once at its final size.
 */
import { allocBytes } from './alloc-bytes';
import { MAX_REMAINING_LENGTH, remainingLengthSize, writeRemainingLength } from './remaining-length';
import { writeUtf8 } from './utf8';

/**
 * Allocates a packet whose Remaining Length is `length` and writes its fixed header; the
 * body starts at `out.length - length`.
 *
 * @throws RangeError when `length` exceeds 268,435,455 [MQTT-2.2.3]
 * @example
 * ```ts
 * const out = startPacket(0x82, 5);
 * let pos = out.length - 5;
 * ```
 */
export function startPacket(first: number, length: number, what: string): Uint8Array {
  if (length > MAX_REMAINING_LENGTH) {
    throw new RangeError(what + ': remaining length ' + length + ' exceeds ' + MAX_REMAINING_LENGTH);
  }
  const out = allocBytes(1 + remainingLengthSize(length) + length);
  out[0] = first;
  writeRemainingLength(out, 1, length);
  return out;
}

/**
 * Writes a big-endian two-byte integer [MQTT-1.5.2]; returns the position after it.
 * @example
 * ```ts
 * pos = writeU16(out, pos, packetId);
 * ```
 */
export function writeU16(out: Uint8Array, pos: number, value: number): number {
  out[pos] = value >> 8;
  out[pos + 1] = value & 0xff;
  return pos + 2;
}

/**
 * Writes a string with its two-byte length prefix [MQTT-1.5.3]; `byteLength` is its UTF-8
 * length, computed beforehand. Returns the position after it.
 * @example
 * ```ts
 * pos = writeString(out, pos, clientId, utf8Length(clientId));
 * ```
 */
export function writeString(out: Uint8Array, pos: number, s: string, byteLength: number): number {
  pos = writeU16(out, pos, byteLength);
  return writeUtf8(s, out, pos);
}

/**
 * Writes bytes with a two-byte length prefix (will message, password); returns the
 * position after them.
 * @example
 * ```ts
 * pos = writeBinary(out, pos, password);
 * ```
 */
export function writeBinary(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  pos = writeU16(out, pos, bytes.length);
  out.set(bytes, pos);
  return pos + bytes.length;
}

/**
 * Copies `bytes` (an encoded property list, say) into `out` at `pos`; returns the
 * position after them.
 * @example
 * ```ts
 * pos = writeBytes(out, pos, encodeProperties(p.properties, 3, 'PUBLISH'));
 * ```
 */
export function writeBytes(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  out.set(bytes, pos);
  return pos + bytes.length;
}
