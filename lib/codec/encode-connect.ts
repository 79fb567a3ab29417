/**
 * Encoding of CONNECT [MQTT-3.1] and CONNACK [MQTT-3.2].
 */
import { checkInteger, checkObject } from '../arg-checks';
import { startPacket, writeBinary, writeString, writeU16 } from './byte-writer';
import { assertQos, assertShortBytes, stringFieldLength } from './encode-args';
import type { ConnackPacket, ConnectPacket } from './packet';
import { assertTopicName } from './topic';
import { utf8Length } from './utf8';

/**
 * Encodes a CONNECT. `protocolName` defaults to `'MQTT'` and `protocolLevel` to 4; other
 * values are written as given (to test a broker's refusal), though this codec's decoder
 * only accepts `'MQTT'` and 4.
 *
 * @throws TypeError for fields of the wrong type; RangeError for strings or bytes over
 *   65,535 bytes, a keepalive outside 0–65,535, a bad will topic or QoS, a password
 *   without a user name [MQTT-3.1.2-22]
 * @example
 * ```ts
 * encodeConnect({ type: 'connect', clientId: 'dev-1', keepalive: 60, clean: true });
 * ```
 */
export function encodeConnect(p: ConnectPacket): Uint8Array {
  const name = p.protocolName === undefined ? 'MQTT' : p.protocolName;
  const nameBytes = stringFieldLength(name, 'CONNECT: protocolName');
  const level = p.protocolLevel === undefined ? 4 : p.protocolLevel;
  checkInteger(level, 0, 255, 'CONNECT: protocolLevel');
  checkInteger(p.keepalive, 0, 65535, 'CONNECT: keepalive');
  const clientIdBytes = stringFieldLength(p.clientId, 'CONNECT: clientId');
  let flags = p.clean ? 2 : 0;
  let length = 2 + nameBytes + 4 + 2 + clientIdBytes;
  const will = p.will;
  let willTopicBytes = 0;
  if (will !== undefined) {
    checkObject(will, 'CONNECT: will');
    assertTopicName(will.topic); // includes the checks of a string field
    willTopicBytes = utf8Length(will.topic);
    assertShortBytes(will.payload, 'CONNECT: will payload');
    assertQos(will.qos, 'CONNECT: will');
    flags |= 4 | (will.qos << 3) | (will.retain ? 32 : 0);
    length += 4 + willTopicBytes + will.payload.length;
  }
  let usernameBytes = 0;
  if (p.username !== undefined) {
    usernameBytes = stringFieldLength(p.username, 'CONNECT: username');
    flags |= 128;
    length += 2 + usernameBytes;
  }
  if (p.password !== undefined) {
    if (p.username === undefined) throw new RangeError('CONNECT: a password needs a username [MQTT-3.1.2-22]');
    assertShortBytes(p.password, 'CONNECT: password');
    flags |= 64;
    length += 2 + p.password.length;
  }
  const out = startPacket(0x10, length, 'CONNECT');
  let pos = writeString(out, out.length - length, name, nameBytes);
  out[pos++] = level;
  out[pos++] = flags;
  pos = writeU16(out, pos, p.keepalive);
  pos = writeString(out, pos, p.clientId, clientIdBytes);
  if (will !== undefined) {
    pos = writeString(out, pos, will.topic, willTopicBytes);
    pos = writeBinary(out, pos, will.payload);
  }
  if (p.username !== undefined) pos = writeString(out, pos, p.username, usernameBytes);
  if (p.password !== undefined) writeBinary(out, pos, p.password);
  return out;
}

/**
 * Encodes a CONNACK.
 *
 * @throws TypeError/RangeError when `returnCode` is not an integer 0–255, RangeError when
 *   `sessionPresent` comes with a non-zero return code [MQTT-3.2.2-4]
 * @example
 * ```ts
 * encodeConnack({ type: 'connack', sessionPresent: false, returnCode: 0 }); // [0x20, 2, 0, 0]
 * ```
 */
export function encodeConnack(p: ConnackPacket): Uint8Array {
  checkInteger(p.returnCode, 0, 255, 'CONNACK: returnCode');
  if (p.sessionPresent && p.returnCode !== 0) {
    throw new RangeError('CONNACK: sessionPresent must be false with a non-zero returnCode [MQTT-3.2.2-4]');
  }
  const out = new Uint8Array(4);
  out[0] = 0x20;
  out[1] = 2;
  out[2] = p.sessionPresent ? 1 : 0;
  out[3] = p.returnCode;
  return out;
}
