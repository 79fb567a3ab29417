/**
 * The MQTT 5 reason codes each packet may carry [MQTT-2.4]: a code outside its packet's
 * list is a protocol error on decode and a RangeError on encode.
 */
import { packetName } from './fixed-header';

const CONNACK = [
  0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95, 0x97,
  0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9f,
];
const PUBACK = [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99];
const PUBREL = [0x00, 0x92];
const SUBACK = [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2];
const UNSUBACK = [0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91];
const DISCONNECT = [
  0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95,
  0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2,
];
const AUTH = [0x00, 0x18, 0x19];

/**
 * The reason codes allowed per packet type (index 1–15; `null` for packets without a
 * reason code): CONNACK [MQTT-3.2.2.2], PUBACK and PUBREC [MQTT-3.4.2.1] [MQTT-3.5.2.1],
 * PUBREL and PUBCOMP [MQTT-3.6.2.1] [MQTT-3.7.2.1], SUBACK [MQTT-3.9.3], UNSUBACK
 * [MQTT-3.11.3], DISCONNECT [MQTT-3.14.2.1], AUTH [MQTT-3.15.2.1].
 */
export const REASON_CODES_BY_TYPE: readonly (readonly number[] | null)[] = [
  null, null, CONNACK, null, PUBACK, PUBACK, PUBREL, PUBREL,
  null, SUBACK, null, UNSUBACK, null, null, DISCONNECT, AUTH,
];

/**
 * What is wrong with `code` as a reason code of packet type `type` (one with a list in
 * {@link REASON_CODES_BY_TYPE}), or `null` when it is allowed.
 *
 * @example
 * ```ts
 * reasonCodeProblem(6, 0x10); // 'reason code 0x10 is not one PUBREL may carry (0x00, 0x92)'
 * ```
 */
export function reasonCodeProblem(type: number, code: number): string | null {
  const allowed = REASON_CODES_BY_TYPE[type] as readonly number[];
  if (allowed.indexOf(code) >= 0) return null;
  return 'reason code ' + hex(code) + ' is not one ' + packetName(type) + ' may carry ('
    + allowed.map(hex).join(', ') + ')';
}

/**
 * `0x` and two hex digits, as error messages write codes.
 * @example
 * ```ts
 * hex(16); // '0x10'
 * ```
 */
export function hex(code: number): string {
  return '0x' + (code < 16 ? '0' : '') + code.toString(16);
}
