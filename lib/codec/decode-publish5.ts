/**
 * Decoding of an MQTT 5 PUBLISH [MQTT-3.3]: topic, packet id, properties, payload.
 */
import type { ByteReader } from './byte-reader';
import { readProperties } from './decode-properties';
import { decodeTopicName } from './decode-publish';
import type { PublishPacket, PublishProperties, QoS } from './packet';
import { view } from './view';

/**
 * Decodes an MQTT 5 PUBLISH whose first header byte is `first`. The topic may be empty
 * when a Topic Alias stands for it; the payload is a view into the packet.
 *
 * @throws MqttProtocolError `INVALID_TOPIC_NAME` for an empty topic without a topic
 *   alias (section 3.3.2.3.4), the topic errors of {@link decodeTopicName},
 *   `INVALID_PACKET_ID`, `TRUNCATED_PACKET`, the property errors of {@link readProperties}
 * @example
 * ```ts
 * reader.reset(bytes, bodyStart, end, 3);
 * decodePublish5(reader, 0x32); // { type: 'publish', topic, payload, qos: 1, ..., properties }
 * ```
 */
export function decodePublish5(r: ByteReader, first: number): PublishPacket {
  const qos = ((first >> 1) & 3) as QoS;
  const topicStart = r.lengthPrefixed('topic name');
  const topicEnd = r.pos;
  const topic = topicStart === topicEnd ? '' : decodeTopicName(r.bytes, topicStart, topicEnd, 'PUBLISH');
  const packetId = qos > 0 ? r.packetId() : 0;
  const properties = readProperties(r, 3) as PublishProperties | undefined;
  if (topic === '' && (properties === undefined || properties.topicAlias === undefined)) {
    throw r.error('INVALID_TOPIC_NAME', 'empty topic name without a topic alias, see section 3.3.2.3.4');
  }
  const packet: PublishPacket = {
    type: 'publish',
    topic: topic,
    payload: view(r.bytes, r.pos, r.end),
    qos: qos,
    retain: (first & 1) !== 0,
    dup: (first & 8) !== 0,
  };
  if (qos > 0) packet.packetId = packetId;
  if (properties !== undefined) packet.properties = properties;
  return packet;
}
