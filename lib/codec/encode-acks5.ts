/**
 * Encoding of the MQTT 5 packets that answer with reason codes: CONNACK, the four
 * publication acknowledgements, SUBACK, UNSUBACK, DISCONNECT and AUTH [MQTT-2.4]. The
 * reason code and properties are left out where the spec allows and nothing is lost:
 * reason code 0 without properties.
 */
import { checkBoolean, checkInteger } from '../arg-checks';
import { startPacket, writeBytes, writeU16 } from './byte-writer';
import { assertPacketId } from './encode-args';
import { encodeProperties } from './encode-properties';
import { packetName } from './fixed-header';
import type { AuthPacket, ConnackPacket, DisconnectPacket, Properties, PubackPacket, SubackPacket, UnsubackPacket } from './packet';
import { reasonCodeProblem } from './reason-codes';

/**
 * Checks a reason code of packet type `type` (`undefined` is 0).
 * @throws TypeError when not a number; RangeError when not one the packet may carry
 */
function checkReasonCode(type: number, code: unknown): number {
  if (code === undefined) return 0;
  checkInteger(code, 0, 255, packetName(type) + ': reasonCode');
  const problem = reasonCodeProblem(type, code as number);
  if (problem !== null) throw new RangeError(packetName(type) + ': ' + problem);
  return code as number;
}

/**
 * Encodes a packet of type `type` whose variable header is `head` bytes (written by
 * `writeHead`), then reason code and properties, left out when the code is 0 and there are
 * no properties (`omit`), else the properties alone left out when empty.
 */
function encodeWithReason(first: number, type: number, headBytes: number, writeHead: (out: Uint8Array, pos: number) => number, code: unknown, props: Properties | undefined): Uint8Array {
  const reasonCode = checkReasonCode(type, code);
  const properties = encodeProperties(props, type, packetName(type));
  const empty = properties.length === 1;
  const length = headBytes + (empty && reasonCode === 0 ? 0 : empty ? 1 : 1 + properties.length);
  const out = startPacket(first, length, packetName(type));
  let pos = writeHead(out, out.length - length);
  if (pos === out.length) return out;
  out[pos++] = reasonCode;
  if (pos < out.length) writeBytes(out, pos, properties);
  return out;
}

/**
 * Encodes an MQTT 5 PUBACK, PUBREC, PUBREL (flags 0010) or PUBCOMP, in the shortest form
 * the spec allows [MQTT-3.4.2.1].
 *
 * @throws TypeError/RangeError for a bad packet id, a reason code the packet may not
 *   carry, bad properties
 * @example
 * ```ts
 * encodePublishAck5({ type: 'puback', packetId: 7, reasonCode: 0x10 }); // [0x40, 3, 0, 7, 0x10]
 * ```
 */
export function encodePublishAck5(p: PubackPacket, type: number): Uint8Array {
  assertPacketId(p.packetId, packetName(type));
  return encodeWithReason(type === 6 ? 0x62 : type << 4, type, 2, (out, pos) => writeU16(out, pos, p.packetId), p.reasonCode, p.properties);
}

/**
 * Encodes an MQTT 5 DISCONNECT or AUTH: empty for reason code 0 without properties
 * [MQTT-3.14.2.1] [MQTT-3.15.2.1].
 *
 * @throws TypeError/RangeError for a reason code the packet may not carry, bad properties
 * @example
 * ```ts
 * encodeReasonOnly({ type: 'disconnect', reasonCode: 4 }, 14); // [0xe0, 1, 4]
 * ```
 */
export function encodeReasonOnly(p: DisconnectPacket | AuthPacket, type: number): Uint8Array {
  return encodeWithReason(type << 4, type, 0, (out, pos) => pos, p.reasonCode, p.properties);
}

/**
 * Encodes an MQTT 5 CONNACK: flags, reason code, properties.
 *
 * @throws TypeError/RangeError for a reason code CONNACK may not carry, session present with
 *   a refusal [MQTT-3.2.2-6], bad properties
 * @example
 * ```ts
 * encodeConnack5({ type: 'connack', sessionPresent: false, reasonCode: 0 }); // [0x20, 3, 0, 0, 0]
 * ```
 */
export function encodeConnack5(p: ConnackPacket): Uint8Array {
  checkBoolean(p.sessionPresent, 'CONNACK: sessionPresent');
  const reasonCode = checkReasonCode(2, p.reasonCode);
  if (p.sessionPresent && reasonCode >= 0x80) {
    throw new RangeError('CONNACK: sessionPresent must be false with a refusing reasonCode [MQTT-3.2.2-6]');
  }
  const properties = encodeProperties(p.properties, 2, 'CONNACK');
  const length = 2 + properties.length;
  const out = startPacket(0x20, length, 'CONNACK');
  out[out.length - length] = p.sessionPresent ? 1 : 0;
  out[out.length - length + 1] = reasonCode;
  writeBytes(out, out.length - properties.length, properties);
  return out;
}

/**
 * Encodes an MQTT 5 SUBACK (reason codes in `granted`) or UNSUBACK (in `reasonCodes`).
 *
 * @throws TypeError/RangeError for a bad packet id, an empty list, a code the packet may
 *   not carry, bad properties
 * @example
 * ```ts
 * encodeSubscribeAck5({ type: 'suback', packetId: 1, granted: [1] }, 9); // [0x90, 4, 0, 1, 0, 1]
 * ```
 */
export function encodeSubscribeAck5(p: SubackPacket | UnsubackPacket, type: number): Uint8Array {
  const what = packetName(type);
  assertPacketId(p.packetId, what);
  const codes = p.type === 'suback' ? p.granted : p.reasonCodes;
  if (!Array.isArray(codes)) throw new TypeError(what + ': ' + (type === 9 ? 'granted' : 'reasonCodes') + ' must be an array');
  if (codes.length === 0) throw new RangeError(what + ': the reason code list must not be empty');
  for (let i = 0; i < codes.length; i++) checkReasonCode(type, codes[i]);
  const properties = encodeProperties(p.properties, type, what);
  const length = 2 + properties.length + codes.length;
  const out = startPacket(type << 4, length, what);
  let pos = writeU16(out, out.length - length, p.packetId);
  pos = writeBytes(out, pos, properties);
  for (let i = 0; i < codes.length; i++) out[pos++] = codes[i];
  return out;
}
