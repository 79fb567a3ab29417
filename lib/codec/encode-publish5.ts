/**
 * Encoding of an MQTT 5 PUBLISH [MQTT-3.3]: topic, packet id, properties, payload.
 */
import { checkObject } from '../arg-checks';
import { startPacket, writeBytes, writeString, writeU16 } from './byte-writer';
import { assertPacketId, assertQos } from './encode-args';
import { encodeProperties } from './encode-properties';
import type { PublishPacket } from './packet';
import { assertTopicName } from './topic';
import { encodeUtf8, utf8Length } from './utf8';

/**
 * Encodes an MQTT 5 PUBLISH. The topic may be `''` when `properties.topicAlias` stands
 * for it (section 3.3.2.3.4); a string payload is sent as UTF-8.
 *
 * @throws TypeError/RangeError as {@link encodePublish} for the topic, QoS, DUP and
 *   packet id, and as {@link encodeProperties} for the properties (only those PUBLISH
 *   may carry)
 * @example
 * ```ts
 * encodePublish5({ type: 'publish', topic: 't', payload, qos: 1, retain: false, dup: false, packetId: 7,
 *   properties: { messageExpiryInterval: 60 } });
 * ```
 */
export function encodePublish5(p: PublishPacket): Uint8Array {
  checkObject(p, 'PUBLISH');
  const qos = p.qos === undefined ? 0 : p.qos;
  assertQos(qos, 'PUBLISH');
  const aliased = p.properties !== undefined && p.properties !== null && p.properties.topicAlias !== undefined;
  if (!(aliased && p.topic === '')) assertTopicName(p.topic);
  const topicBytes = utf8Length(p.topic);
  const payload = typeof p.payload === 'string' ? encodeUtf8(p.payload) : p.payload;
  if (!(payload instanceof Uint8Array)) throw new TypeError('PUBLISH: payload must be a Uint8Array or a string');
  if (qos > 0) assertPacketId(p.packetId, 'PUBLISH');
  else if (p.dup) throw new RangeError('PUBLISH: DUP must be false for QoS 0 [MQTT-3.3.1-2]');
  const properties = encodeProperties(p.properties, 3, 'PUBLISH');
  const length = 2 + topicBytes + (qos > 0 ? 2 : 0) + properties.length + payload.length;
  const out = startPacket(0x30 | (p.dup ? 8 : 0) | (qos << 1) | (p.retain ? 1 : 0), length, 'PUBLISH');
  let pos = writeString(out, out.length - length, p.topic, topicBytes);
  if (qos > 0) pos = writeU16(out, pos, p.packetId as number);
  pos = writeBytes(out, pos, properties);
  writeBytes(out, pos, payload);
  return out;
}
