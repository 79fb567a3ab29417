/**
 * Encoding of CONNECT [MQTT-3.1] and CONNACK [MQTT-3.2].
 */
import { checkInteger, checkObject } from '../arg-checks';
import { startPacket, writeBinary, writeBytes, writeString, writeU16 } from './byte-writer';
import { assertQos, assertShortBytes, stringFieldLength } from './encode-args';
import { encodeProperties } from './encode-properties';
import type { ConnackPacket, ConnectPacket, ProtocolVersion } from './packet';
import { WILL_PROPERTIES } from './property-defs';
import { assertTopicName } from './topic';
import { utf8Length } from './utf8';

/**
 * Encodes a CONNECT. `protocolLevel` defaults to `protocolVersion` (itself 4 by
 * default) and `protocolName` to the level's: `'MQIsdp'` for 3, `'MQTT'` otherwise. Other
 * values are written as given (to test a broker's refusal), though this codec's decoder
 * only accepts levels 3–5 with their names. Level 5 writes the `properties` and the will's
 * `properties`; other levels ignore them.
 *
 * @throws TypeError for fields of the wrong type or an unknown property; RangeError for
 *   strings or bytes over 65,535 bytes, a keepalive outside 0–65,535, a bad will topic or
 *   QoS, a password without a user name before level 5 [MQTT-3.1.2-22], a property
 *   CONNECT or a will may not carry or out of its range
 * @example
 * ```ts
 * encodeConnect({ type: 'connect', clientId: 'dev-1', keepalive: 60, clean: true });
 * encodeConnect({ type: 'connect', protocolLevel: 5, clientId: 'd', keepalive: 60, clean: true, properties: { sessionExpiryInterval: 300 } });
 * ```
 */
export function encodeConnect(p: ConnectPacket, protocolVersion?: ProtocolVersion): Uint8Array {
  const level = p.protocolLevel !== undefined ? p.protocolLevel : protocolVersion !== undefined ? protocolVersion : 4;
  checkInteger(level, 0, 255, 'CONNECT: protocolLevel');
  const name = p.protocolName !== undefined ? p.protocolName : level === 3 ? 'MQIsdp' : 'MQTT';
  const nameBytes = stringFieldLength(name, 'CONNECT: protocolName');
  const v5 = level === 5;
  checkInteger(p.keepalive, 0, 65535, 'CONNECT: keepalive');
  const clientIdBytes = stringFieldLength(p.clientId, 'CONNECT: clientId');
  let flags = p.clean ? 2 : 0;
  let length = 2 + nameBytes + 4 + 2 + clientIdBytes;
  const properties = v5 ? encodeProperties(p.properties, 1, 'CONNECT') : null;
  if (properties !== null) length += properties.length;
  const will = p.will;
  let willTopicBytes = 0;
  let willProperties: Uint8Array | null = null;
  if (will !== undefined) {
    checkObject(will, 'CONNECT: will');
    assertTopicName(will.topic); // includes the checks of a string field
    willTopicBytes = utf8Length(will.topic);
    assertShortBytes(will.payload, 'CONNECT: will payload');
    assertQos(will.qos, 'CONNECT: will');
    flags |= 4 | (will.qos << 3) | (will.retain ? 32 : 0);
    length += 4 + willTopicBytes + will.payload.length;
    if (v5) {
      willProperties = encodeProperties(will.properties, WILL_PROPERTIES, 'CONNECT');
      length += willProperties.length;
    }
  }
  let usernameBytes = 0;
  if (p.username !== undefined) {
    usernameBytes = stringFieldLength(p.username, 'CONNECT: username');
    flags |= 128;
    length += 2 + usernameBytes;
  }
  if (p.password !== undefined) {
    if (p.username === undefined && !v5) throw new RangeError('CONNECT: a password needs a username [MQTT-3.1.2-22]');
    assertShortBytes(p.password, 'CONNECT: password');
    flags |= 64;
    length += 2 + p.password.length;
  }
  const out = startPacket(0x10, length, 'CONNECT');
  let pos = writeString(out, out.length - length, name, nameBytes);
  out[pos++] = level;
  out[pos++] = flags;
  pos = writeU16(out, pos, p.keepalive);
  if (properties !== null) pos = writeBytes(out, pos, properties);
  pos = writeString(out, pos, p.clientId, clientIdBytes);
  if (will !== undefined) {
    if (willProperties !== null) pos = writeBytes(out, pos, willProperties);
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
  out[3] = p.returnCode as number;
  return out;
}
