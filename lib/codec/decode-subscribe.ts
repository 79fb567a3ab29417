/**
 * Decoding of SUBSCRIBE [MQTT-3.8], SUBACK [MQTT-3.9] and UNSUBSCRIBE [MQTT-3.10].
 */
import type { ByteReader } from './byte-reader';
import type { QoS, SubackPacket, SubscribePacket, Subscription, UnsubscribePacket } from './packet';
import { protocolError } from './protocol-error';
import { topicFilterProblem } from './topic';

function emptyList(what: string, clause: string): never {
  throw protocolError('EMPTY_SUBSCRIPTION_LIST', what + ': no topic filter in the payload [' + clause + ']');
}

function readFilter(r: ByteReader): string {
  const filter = r.string('topic filter');
  const problem = topicFilterProblem(filter);
  if (problem !== null) {
    throw r.error('INVALID_TOPIC_FILTER', 'topic filter "' + filter.slice(0, 64) + '" ' + problem);
  }
  return filter;
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
  if (!r.more()) emptyList('SUBSCRIBE', 'MQTT-3.8.3-3');
  const subscriptions: Subscription[] = [];
  while (r.more()) {
    const topic = readFilter(r);
    const qos = r.u8('requested QoS');
    if (qos > 2) {
      throw protocolError('INVALID_QOS', 'SUBSCRIBE: requested QoS byte ' + qos + ', must be 0, 1 or 2 [MQTT-3-8.3-4]');
    }
    subscriptions.push({ topic: topic, qos: qos as QoS });
  }
  return { type: 'subscribe', packetId: packetId, subscriptions: subscriptions };
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
  if (!r.more()) {
    throw protocolError('EMPTY_SUBSCRIPTION_LIST', 'SUBACK: no return code in the payload [MQTT-3.9.3-1]');
  }
  const granted: number[] = [];
  while (r.more()) {
    const code = r.u8('return code');
    if (code > 2 && code !== 0x80) {
      throw protocolError('INVALID_SUBACK_CODE', 'SUBACK: return code ' + code + ', must be 0, 1, 2 or 128 [MQTT-3.9.3-2]');
    }
    granted.push(code);
  }
  return { type: 'suback', packetId: packetId, granted: granted };
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
  if (!r.more()) emptyList('UNSUBSCRIBE', 'MQTT-3.10.3-2');
  const topics: string[] = [];
  while (r.more()) topics.push(readFilter(r));
  return { type: 'unsubscribe', packetId: packetId, topics: topics };
}
