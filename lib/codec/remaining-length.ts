/**
 * The Remaining Length of the fixed header: a variable-length integer of 1–4 bytes,
 * 7 bits per byte, least significant group first, bit 7 meaning "more bytes follow"
 * [MQTT-2.2.3].
 */
import { protocolError } from './protocol-error';

/** The largest Remaining Length four bytes can carry: 268,435,455 (256 MB). */
export const MAX_REMAINING_LENGTH = 268435455;

/**
 * How many bytes the Remaining Length `n` takes (1–4).
 *
 * @example
 * ```ts
 * remainingLengthSize(127); // 1
 * remainingLengthSize(128); // 2
 * ```
 */
export function remainingLengthSize(n: number): number {
  return n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4;
}

/**
 * Writes the Remaining Length `n` (0 – {@link MAX_REMAINING_LENGTH}) at `pos` in its
 * shortest form and returns the position after it.
 *
 * @example
 * ```ts
 * writeRemainingLength(out, 1, 321); // out[1] = 0xc1, out[2] = 0x02; returns 3
 * ```
 */
export function writeRemainingLength(out: Uint8Array, pos: number, n: number): number {
  while (n >= 128) {
    out[pos++] = (n & 0x7f) | 0x80;
    n = n >>> 7;
  }
  out[pos++] = n;
  return pos;
}

/**
 * Reads a Remaining Length starting at `pos`, looking no further than `end`.
 *
 * Returns the value, or -1 when the bytes up to `end` do not finish it yet. Only the
 * shortest form is accepted, so the header takes `1 + remainingLengthSize(value)` bytes
 * and re-encoding a decoded packet gives back the same bytes.
 *
 * @throws MqttProtocolError `MALFORMED_REMAINING_LENGTH` when a fifth byte would be
 *   needed [MQTT-2.2.3] or the value is not in its shortest form
 * @example
 * ```ts
 * readRemainingLength(new Uint8Array([0x30, 0xc1, 0x02]), 1, 3); // 321
 * ```
 */
export function readRemainingLength(bytes: Uint8Array, pos: number, end: number): number {
  let value = 0;
  let shift = 0;
  for (let i = 0; i < 4; i++) {
    if (pos + i >= end) return -1;
    const b = bytes[pos + i];
    value += (b & 0x7f) * (1 << shift);
    if ((b & 0x80) === 0) {
      if (b === 0 && i > 0) {
        throw protocolError('MALFORMED_REMAINING_LENGTH', 'remaining length ' + value + ' is not in its shortest form');
      }
      return value;
    }
    shift += 7;
  }
  throw protocolError('MALFORMED_REMAINING_LENGTH', 'remaining length takes more than 4 bytes [MQTT-2.2.3]');
}
