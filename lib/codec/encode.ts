/**
 * `encodePacket`: any of the 14 MQTT 3.1.1 packets to bytes.
 */
import { checkObject } from '../arg-checks';
import { encodeConnack, encodeConnect } from './encode-connect';
import { AckType, encodeAck, encodePublish } from './encode-publish';
import { encodeSuback, encodeSubscribe, encodeUnsubscribe } from './encode-subscribe';
import { PACKET_TYPE_NAMES } from './fixed-header';
import type { Packet } from './packet';

/**
 * Encodes `packet` into a new `Uint8Array` holding exactly its bytes. Encoding a packet
 * produced by {@link PacketDecoder} gives back the bytes it was decoded from.
 *
 * Packets of 65–2,048 bytes are views into a shared 8 KB slab (as
 * Node's unsafe Buffer allocation does): pass the array itself to a socket, or use its
 * `byteOffset`/`byteLength` with `.buffer`, never the whole `.buffer`.
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
  // A packet type's number is its index in PACKET_TYPE_NAMES.
  switch (packet.type) {
    case 'publish':
      return encodePublish(packet.topic, packet.payload, packet.qos, packet.retain, packet.dup, packet.packetId);
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
    case 'unsuback':
      return encodeAck(PACKET_TYPE_NAMES.indexOf(packet.type) as AckType, packet.packetId);
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
    case 'pingresp':
    case 'disconnect': {
      const out = new Uint8Array(2);
      out[0] = PACKET_TYPE_NAMES.indexOf(packet.type) << 4;
      return out;
    }
  }
  throw new TypeError('unknown packet type ' + String((packet as { type: unknown }).type));
}
