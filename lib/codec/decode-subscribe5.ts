/**
 * Decoding of MQTT 5 SUBSCRIBE [MQTT-3.8] and UNSUBSCRIBE [MQTT-3.10]: packet id,
 * properties, then the topic filters (with their subscription options).
 */
import type { ByteReader } from './byte-reader';
import { readProperties } from './decode-properties';
import { readFilter, readList } from './decode-subscribe';
import type { QoS, SubscribePacket, SubscribeProperties, Subscription, UnsubscribePacket } from './packet';

/**
 * Reads a topic filter and its subscription options byte [MQTT-3.8.3.1].
 * @throws MqttProtocolError `INVALID_QOS` for QoS 3, `INVALID_SUBSCRIPTION_OPTIONS` for
 *   reserved bits 6–7 set [MQTT-3.8.3-5], Retain Handling 3 or No Local on a shared
 *   subscription [MQTT-3.8.3-4]
 */
function readSubscription5(r: ByteReader): Subscription {
  const topic = readFilter(r);
  const options = r.u8('subscription options');
  const qos = options & 3;
  if (qos === 3) throw r.error('INVALID_QOS', 'requested QoS 3 in the subscription options, see section 3.8.3.1');
  if ((options & 0xc0) !== 0) throw r.error('INVALID_SUBSCRIPTION_OPTIONS', 'reserved subscription option bits set (' + options + ') [MQTT-3.8.3-5]');
  const retainHandling = (options >> 4) & 3;
  if (retainHandling === 3) throw r.error('INVALID_SUBSCRIPTION_OPTIONS', 'retain handling 3, see section 3.8.3.1');
  const noLocal = (options & 4) !== 0;
  if (noLocal && topic.indexOf('$share/') === 0) {
    throw r.error('INVALID_SUBSCRIPTION_OPTIONS', 'no local on the shared subscription "' + topic.slice(0, 64) + '" [MQTT-3.8.3-4]');
  }
  return { topic: topic, qos: qos as QoS, noLocal: noLocal, retainAsPublished: (options & 8) !== 0, retainHandling: retainHandling as 0 | 1 | 2 };
}

/**
 * Decodes an MQTT 5 SUBSCRIBE body from `r`; every subscription carries `noLocal`,
 * `retainAsPublished` and `retainHandling`.
 *
 * @throws MqttProtocolError `EMPTY_SUBSCRIPTION_LIST` [MQTT-3.8.3-2], the option errors of
 *   the subscription options, `INVALID_TOPIC_FILTER`, `INVALID_PACKET_ID`, the property errors
 * @example
 * ```ts
 * reader.reset(bytes, bodyStart, end, 8);
 * decodeSubscribe5(reader);
 * ```
 */
export function decodeSubscribe5(r: ByteReader): SubscribePacket {
  const packetId = r.packetId();
  const properties = readProperties(r, 8) as SubscribeProperties | undefined;
  const packet: SubscribePacket = { type: 'subscribe', packetId: packetId, subscriptions: readList(r, readSubscription5, 'topic filter', 'MQTT-3.8.3-2') };
  if (properties !== undefined) packet.properties = properties;
  return packet;
}

/**
 * Decodes an MQTT 5 UNSUBSCRIBE body from `r`.
 *
 * @throws MqttProtocolError `EMPTY_SUBSCRIPTION_LIST` [MQTT-3.10.3-2], `INVALID_TOPIC_FILTER`,
 *   `INVALID_PACKET_ID`, the property errors
 * @example
 * ```ts
 * reader.reset(bytes, bodyStart, end, 10);
 * decodeUnsubscribe5(reader); // { type: 'unsubscribe', packetId, topics: ['a/+'] }
 * ```
 */
export function decodeUnsubscribe5(r: ByteReader): UnsubscribePacket {
  const packetId = r.packetId();
  const properties = readProperties(r, 10);
  const packet: UnsubscribePacket = { type: 'unsubscribe', packetId: packetId, topics: readList(r, readFilter, 'topic filter', 'MQTT-3.10.3-2') };
  if (properties !== undefined) packet.properties = properties;
  return packet;
}
