/**
 * Decoding of SUBSCRIBE [MQTT-3.8], SUBACK [MQTT-3.9] and UNSUBSCRIBE [MQTT-3.10]: a
 * packet identifier, then a non-empty list of entries up to the packet's end.
 */
import type { ByteReader } from './byte-reader';
import type { QoS, SubackPacket, SubscribePacket, Subscription, UnsubscribePacket } from './packet';
import { topicFilterProblem } from './topic';

/**
 * Reads entries with `readEntry` up to the packet's end.
 * @throws MqttProtocolError `EMPTY_SUBSCRIPTION_LIST` when there is none: "no `entry` in the payload [`clause`]"
 * @example
 * ```ts
 * const topics = readList(r, readFilter, 'topic filter', 'MQTT-3.10.3-2');
 * ```
 */
export function readList<T>(r: ByteReader, readEntry: (r: ByteReader) => T, entry: string, clause: string): T[] {
  if (!r.more()) throw r.error('EMPTY_SUBSCRIPTION_LIST', 'no ' + entry + ' in the payload [' + clause + ']');
  const list: T[] = [];
  while (r.more()) list.push(readEntry(r));
  return list;
}

/**
 * Reads a topic filter [MQTT-4.7.1].
 * @throws MqttProtocolError `INVALID_TOPIC_FILTER`, and the string errors
 */
export function readFilter(r: ByteReader): string {
  const filter = r.string('topic filter');
  const problem = topicFilterProblem(filter);
  if (problem !== null) {
    throw r.error('INVALID_TOPIC_FILTER', 'topic filter "' + filter.slice(0, 64) + '" ' + problem);
  }
  return filter;
}

function readSubscription(r: ByteReader): Subscription {
  const topic = readFilter(r);
  const qos = r.u8('requested QoS');
  if (qos > 2) throw r.error('INVALID_QOS', 'requested QoS byte ' + qos + ', must be 0, 1 or 2 [MQTT-3-8.3-4]');
  return { topic: topic, qos: qos as QoS };
}

function readReturnCode(r: ByteReader): number {
  const code = r.u8('return code');
  if (code > 2 && code !== 0x80) {
    throw r.error('INVALID_SUBACK_CODE', 'return code ' + code + ', must be 0, 1, 2 or 128 [MQTT-3.9.3-2]');
  }
  return code;
}

/**
 * Decodes a SUBSCRIBE body from `r`.
 *
 * @throws MqttProtocolError `EMPTY_SUBSCRIPTION_LIST` [MQTT-3.8.3-3], `INVALID_QOS` for a
 *   requested QoS byte other than 0–2 (reserved bits set or QoS 3) [MQTT-3-8.3-4],
 *   `INVALID_TOPIC_FILTER`, `INVALID_PACKET_ID`, `TRUNCATED_PACKET`, string errors
 * @example
 * ```ts
 * reader.reset(bytes, bodyStart, end, 8);
 * decodeSubscribe(reader); // { type: 'subscribe', packetId, subscriptions: [{ topic, qos }] }
 * ```
 */
export function decodeSubscribe(r: ByteReader): SubscribePacket {
  const packetId = r.packetId();
  return { type: 'subscribe', packetId: packetId, subscriptions: readList(r, readSubscription, 'topic filter', 'MQTT-3.8.3-3') };
}

/**
 * Decodes a SUBACK body from `r`.
 *
 * @throws MqttProtocolError `EMPTY_SUBSCRIPTION_LIST` when it carries no return code,
 *   `INVALID_SUBACK_CODE` for a code other than 0, 1, 2 or 0x80 [MQTT-3.9.3-2], `INVALID_PACKET_ID`
 * @example
 * ```ts
 * reader.reset(bytes, bodyStart, end, 9);
 * decodeSuback(reader); // { type: 'suback', packetId, granted: [1, 0x80] }
 * ```
 */
export function decodeSuback(r: ByteReader): SubackPacket {
  const packetId = r.packetId();
  return { type: 'suback', packetId: packetId, granted: readList(r, readReturnCode, 'return code', 'MQTT-3.9.3-1') };
}

/**
 * Decodes an UNSUBSCRIBE body from `r`.
 *
 * @throws MqttProtocolError `EMPTY_SUBSCRIPTION_LIST` [MQTT-3.10.3-2], `INVALID_TOPIC_FILTER`,
 *   `INVALID_PACKET_ID`, `TRUNCATED_PACKET`, string errors
 * @example
 * ```ts
 * reader.reset(bytes, bodyStart, end, 10);
 * decodeUnsubscribe(reader); // { type: 'unsubscribe', packetId, topics: ['a/+'] }
 * ```
 */
export function decodeUnsubscribe(r: ByteReader): UnsubscribePacket {
  const packetId = r.packetId();
  return { type: 'unsubscribe', packetId: packetId, topics: readList(r, readFilter, 'topic filter', 'MQTT-3.10.3-2') };
}
