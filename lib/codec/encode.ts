/**
 * `encodePacket`: any of the 14 MQTT 3.1.1 packets to bytes.
 */
import { checkObject } from '../arg-checks';
import { encodeConnack, encodeConnect } from './encode-connect';
import { encodeAck, encodePublish } from './encode-publish';
import { encodeSuback, encodeSubscribe, encodeUnsubscribe } from './encode-subscribe';
import type { Packet } from './packet';

function empty(first: number): Uint8Array {
  const out = new Uint8Array(2);
  out[0] = first;
  return out;
}

/**
 * Encodes `packet` into a new `Uint8Array` holding exactly its bytes. Encoding a packet
 * produced by {@link PacketDecoder} gives back the bytes it was decoded from.
 *
 * Packets of 65–2,048 bytes are views into a shared 8 KB slab (as
 * Node's unsafe Buffer allocation does): pass the array itself to a socket, or use its
 * `byteOffset`/`byteLength` with `.buffer`, never the whole `.buffer`.
 *
 * For the hot path, {@link encodePublish} and {@link encodePuback} encode without a packet
 * object.
 *
 * @throws TypeError when `packet` is not an object, its `type` is unknown, or a field has
 *   the wrong type; RangeError for what the wire cannot carry: a topic over 65,535 bytes or
 *   with wildcards (PUBLISH), a packet over 268,435,455 bytes of Remaining Length, a QoS
 *   outside 0–2, a packet id outside 1–65,535, an empty subscription list, ...
 * @example
 * ```ts
 * const bytes = encodePacket({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a/#', qos: 1 }] });
 * ```
 */
export function encodePacket(packet: Packet): Uint8Array {
  checkObject(packet, 'packet');
  switch (packet.type) {
    case 'publish':
      return encodePublish(packet.topic, packet.payload, packet.qos, packet.retain, packet.dup, packet.packetId);
    case 'puback':
      return encodeAck(4, packet.packetId);
    case 'pubrec':
      return encodeAck(5, packet.packetId);
    case 'pubrel':
      return encodeAck(6, packet.packetId);
    case 'pubcomp':
      return encodeAck(7, packet.packetId);
    case 'unsuback':
      return encodeAck(11, packet.packetId);
    case 'connect':
      return encodeConnect(packet);
    case 'connack':
      return encodeConnack(packet);
    case 'subscribe':
      return encodeSubscribe(packet);
    case 'suback':
      return encodeSuback(packet);
    case 'unsubscribe':
      return encodeUnsubscribe(packet);
    case 'pingreq':
      return empty(0xc0);
    case 'pingresp':
      return empty(0xd0);
    case 'disconnect':
      return empty(0xe0);
  }
  throw new TypeError('unknown packet type ' + String((packet as { type: unknown }).type));
}
