/**
 * Decoding of PUBLISH [MQTT-3.3], the hot path: hand-written, no reader object, the
 * payload a view into the incoming bytes.
 */
import { truncated, zeroPacketId } from './byte-reader';
import type { PublishPacket, QoS } from './packet';
import { protocolError } from './protocol-error';
import { cachedTopic, TOPIC_CACHE_MAX_BYTES } from './topic-cache';
import { decodeUtf8 } from './utf8';
import { view } from './view';

/**
 * Decodes the topic name `bytes[start..end)` of a PUBLISH or a will. One pass over the
 * bytes finds U+0000 and wildcards (in UTF-8 the bytes 0x00, 0x23 and 0x2B only ever stand
 * for those characters) and hashes them for the topic cache, so a repeated topic costs a
 * byte comparison instead of a string build.
 *
 * @throws MqttProtocolError `INVALID_TOPIC_NAME` for an empty name [MQTT-4.7.3-1] or a
 *   wildcard [MQTT-3.3.2-2], `NULL_CHARACTER` [MQTT-4.7.3-2], `MALFORMED_UTF8` [MQTT-1.5.3-1]
 * @example
 * ```ts
 * decodeTopicName(bytes, 2, 2 + topicLength, 'PUBLISH');
 * ```
 */
export function decodeTopicName(bytes: Uint8Array, start: number, end: number, what: string): string {
  if (start === end) throw protocolError('INVALID_TOPIC_NAME', what + ': empty topic name [MQTT-4.7.3-1]');
  let hash = end - start;
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b === 0x23 || b === 0x2b || b === 0) badTopicByte(b, what);
    hash = (hash * 31 + b) | 0;
  }
  const cacheable = end - start <= TOPIC_CACHE_MAX_BYTES;
  if (cacheable) {
    const cached = cachedTopic(bytes, start, end, hash, null);
    if (cached !== null) return cached;
  }
  let topic: string;
  try {
    topic = decodeUtf8(bytes, start, end);
  } catch (e) {
    throw protocolError('MALFORMED_UTF8', what + ': topic name: ' + (e as Error).message);
  }
  if (cacheable) cachedTopic(bytes, start, end, hash, topic);
  return topic;
}

function badTopicByte(b: number, what: string): never {
  if (b === 0) throw protocolError('NULL_CHARACTER', what + ': topic name contains U+0000 [MQTT-4.7.3-2]');
  throw protocolError(
    'INVALID_TOPIC_NAME',
    what + ': topic name contains the wildcard "' + String.fromCharCode(b) + '" [MQTT-3.3.2-2]',
  );
}

/**
 * Decodes a PUBLISH whose first header byte is `first` (already checked) and whose
 * variable header and payload are `bytes[start..end)`. The payload is a view into `bytes`
 * (a plain `Uint8Array`, even when `bytes` is a Node `Buffer`), not a copy.
 *
 * @throws MqttProtocolError `TRUNCATED_PACKET` when the topic or packet identifier runs
 *   past the packet, `INVALID_PACKET_ID` for 0 [MQTT-2.3.1-1], and the topic errors of
 *   {@link decodeTopicName}
 * @example
 * ```ts
 * decodePublish(bytes, 2, bytes.length, 0x32); // a QoS 1 PUBLISH with a 2-byte header
 * ```
 */
export function decodePublish(bytes: Uint8Array, start: number, end: number, first: number): PublishPacket {
  const qos = ((first >> 1) & 3) as QoS;
  const topicStart = start + 2;
  // In a packet too short for the topic length these reads go past `end`, but then
  // topicEnd > end whatever they read, and the packet is refused.
  const topicEnd = topicStart + ((bytes[start] << 8) | bytes[start + 1]);
  if (topicEnd + (qos === 0 ? 0 : 2) > end) throw truncated(3, 'topic name or packet identifier');
  const topic = decodeTopicName(bytes, topicStart, topicEnd, 'PUBLISH');
  if (qos === 0) {
    return {
      type: 'publish',
      topic: topic,
      payload: view(bytes, topicEnd, end),
      qos: qos,
      retain: (first & 1) !== 0,
      dup: false,
    };
  }
  const packetId = (bytes[topicEnd] << 8) | bytes[topicEnd + 1];
  if (packetId === 0) throw zeroPacketId(3);
  return {
    type: 'publish',
    topic: topic,
    payload: view(bytes, topicEnd + 2, end),
    qos: qos,
    retain: (first & 1) !== 0,
    dup: (first & 8) !== 0,
    packetId: packetId,
  };
}
