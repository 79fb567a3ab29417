/**
 * Encoding of MQTT 5 SUBSCRIBE [MQTT-3.8] and UNSUBSCRIBE [MQTT-3.10]: packet id,
 * properties, then the topic filters (with their subscription options).
 */
import { checkBoolean, checkInteger } from '../arg-checks';
import { startPacket, writeBytes, writeString, writeU16 } from './byte-writer';
import { assertPacketId, assertQos } from './encode-args';
import { encodeProperties } from './encode-properties';
import { assertList } from './encode-subscribe';
import type { SubscribePacket, Subscription, UnsubscribePacket } from './packet';
import { assertTopicFilter } from './topic';
import { utf8Length } from './utf8';

/**
 * The subscription options byte of `s` [MQTT-3.8.3.1].
 * @throws TypeError/RangeError for a bad QoS, non-boolean flags, Retain Handling not 0–2,
 *   No Local on a shared subscription [MQTT-3.8.3-4]
 */
function optionsByte(s: Subscription): number {
  assertQos(s.qos, 'SUBSCRIBE');
  let options = s.qos as number;
  if (s.noLocal !== undefined) {
    checkBoolean(s.noLocal, 'SUBSCRIBE: noLocal');
    if (s.noLocal && s.topic.indexOf('$share/') === 0) throw new RangeError('SUBSCRIBE: noLocal on a shared subscription [MQTT-3.8.3-4]');
    if (s.noLocal) options |= 4;
  }
  if (s.retainAsPublished !== undefined) {
    checkBoolean(s.retainAsPublished, 'SUBSCRIBE: retainAsPublished');
    if (s.retainAsPublished) options |= 8;
  }
  if (s.retainHandling !== undefined) options |= checkInteger(s.retainHandling, 0, 2, 'SUBSCRIBE: retainHandling') << 4;
  return options;
}

/**
 * Encodes an MQTT 5 SUBSCRIBE (header flags 0010 [MQTT-3.8.1-1]).
 *
 * @throws TypeError/RangeError for a bad packetId, an empty list [MQTT-3.8.3-2], a bad
 *   topic filter or subscription option, bad properties (`subscriptionIdentifier` and
 *   `userProperties` only)
 * @example
 * ```ts
 * encodeSubscribe5({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a/+', qos: 1, noLocal: true }],
 *   properties: { subscriptionIdentifier: 4 } });
 * ```
 */
export function encodeSubscribe5(p: SubscribePacket): Uint8Array {
  assertPacketId(p.packetId, 'SUBSCRIBE');
  const subs = p.subscriptions;
  assertList(subs, 'SUBSCRIBE: subscriptions', 'MQTT-3.8.3-2');
  const properties = encodeProperties(p.properties, 8, 'SUBSCRIBE');
  const sizes: number[] = [];
  const options: number[] = [];
  let length = 2 + properties.length;
  for (let i = 0; i < subs.length; i++) {
    assertTopicFilter(subs[i].topic);
    options.push(optionsByte(subs[i]));
    sizes.push(utf8Length(subs[i].topic));
    length += 3 + sizes[i];
  }
  const out = startPacket(0x82, length, 'SUBSCRIBE');
  let pos = writeU16(out, out.length - length, p.packetId);
  pos = writeBytes(out, pos, properties);
  for (let i = 0; i < subs.length; i++) {
    pos = writeString(out, pos, subs[i].topic, sizes[i]);
    out[pos++] = options[i];
  }
  return out;
}

/**
 * Encodes an MQTT 5 UNSUBSCRIBE (header flags 0010 [MQTT-3.10.1-1]).
 *
 * @throws TypeError/RangeError for a bad packetId, an empty list [MQTT-3.10.3-2], a bad
 *   filter, bad properties (`userProperties` only)
 * @example
 * ```ts
 * encodeUnsubscribe5({ type: 'unsubscribe', packetId: 2, topics: ['a/+'] });
 * ```
 */
export function encodeUnsubscribe5(p: UnsubscribePacket): Uint8Array {
  assertPacketId(p.packetId, 'UNSUBSCRIBE');
  const topics = p.topics;
  assertList(topics, 'UNSUBSCRIBE: topics', 'MQTT-3.10.3-2');
  const properties = encodeProperties(p.properties, 10, 'UNSUBSCRIBE');
  const sizes: number[] = [];
  let length = 2 + properties.length;
  for (let i = 0; i < topics.length; i++) {
    assertTopicFilter(topics[i]);
    sizes.push(utf8Length(topics[i]));
    length += 2 + sizes[i];
  }
  const out = startPacket(0xa2, length, 'UNSUBSCRIBE');
  let pos = writeU16(out, out.length - length, p.packetId);
  pos = writeBytes(out, pos, properties);
  for (let i = 0; i < topics.length; i++) pos = writeString(out, pos, topics[i], sizes[i]);
  return out;
}
