/**
 * Decoding of CONNECT [MQTT-3.1] and CONNACK [MQTT-3.2].
 */
import type { ByteReader } from './byte-reader';
import { decodeTopicName } from './decode-publish';
import type { ConnackPacket, ConnectPacket, QoS } from './packet';
import { protocolError } from './protocol-error';
import { readProperties } from './decode-properties';
import { WILL_PROPERTIES } from './property-defs';

function flagsError(r: ByteReader, message: string): never {
  throw r.error('INVALID_CONNECT_FLAGS', message);
}

/** The protocol name each supported level goes with [MQTT-3.1.2-1]. */
const PROTOCOL_NAMES: { [level: number]: string | undefined } = { 3: 'MQIsdp', 4: 'MQTT', 5: 'MQTT' };

/**
 * Decodes a CONNECT body from `r`, of any supported level: 3 (MQTT 3.1, `MQIsdp`), 4
 * (3.1.1) or 5 (with properties and will properties). Password and will payload are views
 * into the packet.
 *
 * @throws MqttProtocolError `INVALID_PROTOCOL_NAME` unless the name is `MQTT` (or
 *   `MQIsdp` with level 3) [MQTT-3.1.2-1], `UNSUPPORTED_PROTOCOL_LEVEL` unless the level
 *   is 3, 4 or 5 [MQTT-3.1.2-2], `INVALID_CONNECT_FLAGS` for reserved bit 0 set
 *   [MQTT-3.1.2-3], will QoS or retain without the will flag [MQTT-3.1.2-13]
 *   [MQTT-3.1.2-15], a password without a user name before MQTT 5 [MQTT-3.1.2-22];
 *   `INVALID_QOS` for will QoS 3 [MQTT-3.1.2-14]; `TRUNCATED_PACKET`, `TRAILING_BYTES`,
 *   the string and topic errors, and on MQTT 5 the property errors of {@link readProperties}
 * @example
 * ```ts
 * reader.reset(bytes, bodyStart, end, 1);
 * const packet = decodeConnect(reader);
 * ```
 */
export function decodeConnect(r: ByteReader): ConnectPacket {
  const protocolName = r.string('protocol name');
  if (protocolName !== 'MQTT' && protocolName !== 'MQIsdp') {
    throw r.error('INVALID_PROTOCOL_NAME', 'protocol name "' + protocolName + '", must be "MQTT" [MQTT-3.1.2-1]');
  }
  const protocolLevel = r.u8('protocol level');
  const expectedName = PROTOCOL_NAMES[protocolLevel];
  if (expectedName === undefined) {
    throw r.error('UNSUPPORTED_PROTOCOL_LEVEL', 'protocol level ' + protocolLevel + ', must be 3, 4 or 5 [MQTT-3.1.2-2]');
  }
  if (protocolName !== expectedName) {
    throw r.error('INVALID_PROTOCOL_NAME', 'protocol name "' + protocolName + '" with level ' + protocolLevel + ', must be "' + expectedName + '" [MQTT-3.1.2-1]');
  }
  const v5 = protocolLevel === 5;
  const flags = r.u8('connect flags');
  if ((flags & 1) !== 0) flagsError(r, 'reserved flag bit 0 is set [MQTT-3.1.2-3]');
  const hasWill = (flags & 4) !== 0;
  const willQos = (flags >> 3) & 3;
  const willRetain = (flags & 32) !== 0;
  if (!hasWill && willQos !== 0) flagsError(r, 'will QoS ' + willQos + ' without the will flag [MQTT-3.1.2-13]');
  if (!hasWill && willRetain) flagsError(r, 'will retain without the will flag [MQTT-3.1.2-15]');
  if (willQos === 3) throw r.error('INVALID_QOS', 'will QoS 3 [MQTT-3.1.2-14]');
  const hasUsername = (flags & 128) !== 0;
  const hasPassword = (flags & 64) !== 0;
  if (hasPassword && !hasUsername && !v5) flagsError(r, 'password flag without the user name flag [MQTT-3.1.2-22]');
  const keepalive = r.u16('keep alive');
  const properties = v5 ? readProperties(r, 1) : undefined;
  const packet: ConnectPacket = {
    type: 'connect',
    protocolName: protocolName,
    protocolLevel: protocolLevel,
    clientId: r.string('client identifier'),
    keepalive: keepalive,
    clean: (flags & 2) !== 0,
  };
  if (properties !== undefined) packet.properties = properties;
  if (hasWill) {
    const willProperties = v5 ? readProperties(r, WILL_PROPERTIES) : undefined;
    const topicStart = r.lengthPrefixed('will topic');
    const topic = decodeTopicName(r.bytes, topicStart, r.pos, 'CONNECT will');
    packet.will = { topic: topic, payload: r.binary('will message'), qos: willQos as QoS, retain: willRetain };
    if (willProperties !== undefined) packet.will.properties = willProperties;
  }
  if (hasUsername) packet.username = r.string('user name');
  if (hasPassword) packet.password = r.binary('password');
  r.done();
  return packet;
}

/**
 * Decodes a CONNACK body (2 bytes, length checked by the header).
 *
 * @throws MqttProtocolError `INVALID_CONNACK_FLAGS` when bits 7–1 of the acknowledge flags
 *   are set (section 3.2.2.1) or session present comes with a refusal [MQTT-3.2.2-4]
 * @example
 * ```ts
 * decodeConnack(new Uint8Array([0x20, 2, 1, 0]), 2); // { type: 'connack', sessionPresent: true, returnCode: 0 }
 * ```
 */
export function decodeConnack(bytes: Uint8Array, start: number): ConnackPacket {
  const flags = bytes[start];
  const returnCode = bytes[start + 1];
  if ((flags & 0xfe) !== 0) {
    throw protocolError('INVALID_CONNACK_FLAGS', 'CONNACK: reserved acknowledge flag bits set (' + flags + '), see section 3.2.2.1');
  }
  if (flags === 1 && returnCode !== 0) {
    throw protocolError('INVALID_CONNACK_FLAGS', 'CONNACK: session present with return code ' + returnCode + ' [MQTT-3.2.2-4]');
  }
  return { type: 'connack', sessionPresent: flags === 1, returnCode: returnCode };
}
