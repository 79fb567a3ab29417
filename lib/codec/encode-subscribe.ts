/**
 * Encoding of SUBSCRIBE [MQTT-3.8], SUBACK [MQTT-3.9] and UNSUBSCRIBE [MQTT-3.10].
 */
import { startPacket, writeString, writeU16 } from './byte-writer';
import { assertPacketId, assertQos } from './encode-args';
import type { SubackPacket, SubscribePacket, UnsubscribePacket } from './packet';
import { assertTopicFilter } from './topic';
import { utf8Length } from './utf8';

/**
 * Checks a list that must not be empty.
 * @throws TypeError when not an array; RangeError when empty ("must not be empty [`clause`]")
 * @example
 * ```ts
 * assertList(p.topics, 'UNSUBSCRIBE: topics', 'MQTT-3.10.3-2');
 * ```
 */
export function assertList(list: unknown, what: string, clause: string): asserts list is unknown[] {
  if (!Array.isArray(list)) throw new TypeError(what + ' must be an array');
  if (list.length === 0) throw new RangeError(what + ' must not be empty [' + clause + ']');
}

/**
 * Encodes a SUBSCRIBE (header flags 0010 [MQTT-3.8.1-1]).
 *
 * @throws TypeError/RangeError for a bad packetId, an empty list [MQTT-3.8.3-3], a bad
 *   topic filter or QoS
 * @example
 * ```ts
 * encodeSubscribe({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a/+', qos: 1 }] });
 * ```
 */
export function encodeSubscribe(p: SubscribePacket): Uint8Array {
  assertPacketId(p.packetId, 'SUBSCRIBE');
  const subs = p.subscriptions;
  assertList(subs, 'SUBSCRIBE: subscriptions', 'MQTT-3.8.3-3');
  const sizes: number[] = [];
  let length = 2;
  for (let i = 0; i < subs.length; i++) {
    assertTopicFilter(subs[i].topic);
    assertQos(subs[i].qos, 'SUBSCRIBE');
    sizes.push(utf8Length(subs[i].topic));
    length += 3 + sizes[i];
  }
  const out = startPacket(0x82, length, 'SUBSCRIBE');
  let pos = writeU16(out, out.length - length, p.packetId);
  for (let i = 0; i < subs.length; i++) {
    pos = writeString(out, pos, subs[i].topic, sizes[i]);
    out[pos++] = subs[i].qos;
  }
  return out;
}

/**
 * Encodes a SUBACK.
 *
 * @throws TypeError/RangeError for a bad packetId, an empty list, or a code other than
 *   0, 1, 2 or 0x80 [MQTT-3.9.3-2]
 * @example
 * ```ts
 * encodeSuback({ type: 'suback', packetId: 1, granted: [1] }); // [0x90, 3, 0, 1, 1]
 * ```
 */
export function encodeSuback(p: SubackPacket): Uint8Array {
  assertPacketId(p.packetId, 'SUBACK');
  const granted = p.granted;
  assertList(granted, 'SUBACK: granted', 'MQTT-3.9.3-1');
  const length = 2 + granted.length;
  const out = startPacket(0x90, length, 'SUBACK');
  let pos = writeU16(out, out.length - length, p.packetId);
  for (let i = 0; i < granted.length; i++) {
    const code = granted[i];
    if (code !== 0 && code !== 1 && code !== 2 && code !== 0x80) {
      throw new RangeError('SUBACK: granted codes must be 0, 1, 2 or 128, got ' + code + ' [MQTT-3.9.3-2]');
    }
    out[pos++] = code;
  }
  return out;
}

/**
 * Encodes an UNSUBSCRIBE (header flags 0010 [MQTT-3.10.1-1]).
 *
 * @throws TypeError/RangeError for a bad packetId, an empty list [MQTT-3.10.3-2] or a bad filter
 * @example
 * ```ts
 * encodeUnsubscribe({ type: 'unsubscribe', packetId: 2, topics: ['a/+'] });
 * ```
 */
export function encodeUnsubscribe(p: UnsubscribePacket): Uint8Array {
  assertPacketId(p.packetId, 'UNSUBSCRIBE');
  const topics = p.topics;
  assertList(topics, 'UNSUBSCRIBE: topics', 'MQTT-3.10.3-2');
  const sizes: number[] = [];
  let length = 2;
  for (let i = 0; i < topics.length; i++) {
    assertTopicFilter(topics[i]);
    sizes.push(utf8Length(topics[i]));
    length += 2 + sizes[i];
  }
  const out = startPacket(0xa2, length, 'UNSUBSCRIBE');
  let pos = writeU16(out, out.length - length, p.packetId);
  for (let i = 0; i < topics.length; i++) pos = writeString(out, pos, topics[i], sizes[i]);
  return out;
}
