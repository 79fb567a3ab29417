/**
 * Argument checks of the encoders: what the wire cannot represent is refused at call
 * time with a `TypeError` (wrong type) or a `RangeError` (value out of range).
 */
import { checkInteger, checkQos, checkString } from '../arg-checks';
import { utf8Length } from './utf8';

/**
 * Checks a packet identifier: an integer 1–65,535 [MQTT-2.3.1-1].
 * @throws TypeError when not a number; RangeError when out of range or not an integer
 * @example
 * ```ts
 * assertPacketId(1, 'PUBACK'); // fine
 * ```
 */
export function assertPacketId(id: unknown, what: string): asserts id is number {
  checkInteger(id, 1, 65535, what + ': packetId');
}

/**
 * Checks a QoS: 0, 1 or 2.
 * @throws TypeError when not a number; RangeError otherwise
 * @example
 * ```ts
 * assertQos(1, 'PUBLISH'); // fine
 * ```
 */
export function assertQos(qos: unknown, what: string): asserts qos is 0 | 1 | 2 {
  checkQos(qos, 2, what + ': qos');
}

/**
 * What is wrong with `s` as an MQTT UTF-8 string [MQTT-1.5.3], or `null` when nothing is:
 * U+0000, a lone surrogate [MQTT-1.5.3-1], or over 65,535 bytes. The caller names the
 * rules it applies for the first and the last: `nulRule` and `lengthRule` (a spec
 * reference with a leading space, or `''`).
 *
 * @example
 * ```ts
 * stringProblem('a\u0000', ' [MQTT-1.5.3-2]', ''); // 'contains U+0000 [MQTT-1.5.3-2]'
 * ```
 */
export function stringProblem(s: string, nulRule: string, lengthRule: string): string | null {
  if (s.indexOf('\u0000') >= 0) return 'contains U+0000' + nulRule;
  let bytes: number;
  try {
    bytes = utf8Length(s);
  } catch (e) {
    return 'contains a lone surrogate [MQTT-1.5.3-1]';
  }
  return bytes > 65535 ? 'is ' + bytes + ' bytes long, over 65535' + lengthRule : null;
}

/**
 * The UTF-8 length of a string field, which must fit its two-byte length prefix.
 * @throws TypeError when not a string; RangeError for the problems of {@link stringProblem}
 * @example
 * ```ts
 * const n = stringFieldLength(clientId, 'CONNECT: clientId'); // bytes, without the prefix
 * ```
 */
export function stringFieldLength(s: unknown, what: string): number {
  checkString(s, what);
  const problem = stringProblem(s, ' [MQTT-1.5.3-2]', '');
  if (problem !== null) throw new RangeError(what + ' ' + problem);
  return utf8Length(s);
}

/**
 * Checks a binary field with a two-byte length prefix (will message, password).
 * @throws TypeError when not a `Uint8Array`; RangeError when over 65,535 bytes
 * @example
 * ```ts
 * assertShortBytes(password, 'CONNECT: password');
 * ```
 */
export function assertShortBytes(bytes: unknown, what: string): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(what + ' must be a Uint8Array');
  if (bytes.length > 65535) throw new RangeError(what + ' is ' + bytes.length + ' bytes, over 65535');
}
