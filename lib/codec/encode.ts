/**
 * `encodePacket`: any MQTT packet to bytes, for protocol level 3, 4 or 5.
 */
import { checkObject } from '../arg-checks';
import { encodePublishAck5, encodeReasonOnly } from './encode-acks5';
import { encodeConnect } from './encode-connect';
import { AckType, encodeAck, encodePublish } from './encode-publish';
import { encodePublish5 } from './encode-publish5';
import { encodeSubscribe, encodeUnsubscribe } from './encode-subscribe';
import { encodeSubscribe5, encodeUnsubscribe5 } from './encode-subscribe5';
import { PACKET_TYPE_NAMES } from './fixed-header';
import type { Packet, ProtocolVersion } from './packet';
import { encodeConnack, encodeConnack5, encodeSuback, encodeSubscribeAck5 } from './server-packets';

/** A packet type's number is its index in PACKET_TYPE_NAMES. */
function typeNumber(packet: Packet): number {
  return PACKET_TYPE_NAMES.indexOf(packet.type);
}

/** PINGREQ, PINGRESP and, before MQTT 5, DISCONNECT: a type byte and length 0. */
function encodeEmpty(packet: Packet): Uint8Array {
  const out = new Uint8Array(2);
  out[0] = typeNumber(packet) << 4;
  return out;
}

function unknownType(packet: Packet): never {
  throw new TypeError('unknown packet type ' + String((packet as { type: unknown }).type));
}

/** The MQTT 5 encoding of every packet but CONNECT. */
function encodePacket5(packet: Packet): Uint8Array {
  switch (packet.type) {
    case 'publish':
      return encodePublish5(packet);
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
      return encodePublishAck5(packet as Extract<Packet, { type: 'puback' }>, typeNumber(packet));
    case 'connack':
      // A 3.1.1 CONNACK (returnCode, no reasonCode), as a server refusing level 5 answers.
      return packet.reasonCode === undefined && packet.returnCode !== undefined ? encodeConnack(packet) : encodeConnack5(packet);
    case 'subscribe':
      return encodeSubscribe5(packet);
    case 'suback':
    case 'unsuback':
      return encodeSubscribeAck5(packet, typeNumber(packet));
    case 'unsubscribe':
      return encodeUnsubscribe5(packet);
    case 'disconnect':
    case 'auth':
      return encodeReasonOnly(packet, typeNumber(packet));
    case 'pingreq':
    case 'pingresp':
      return encodeEmpty(packet);
  }
  return unknownType(packet);
}

/** Options of {@link encodePacket}. */
export interface EncodeOptions {
  /** 3 (MQTT 3.1), 4 (3.1.1, the default) or 5. */
  protocolVersion?: ProtocolVersion;
}

/**
 * Encodes `packet` into a new `Uint8Array` holding exactly its bytes. Encoding a packet
 * produced by {@link PacketDecoder} with the decoder's protocol version gives back the
 * bytes it was decoded from (on MQTT 5, up to the order of repeated User Properties and
 * the omissions the spec allows: reason code 0 and empty properties are left out).
 *
 * `options.protocolVersion` (3, 4 or 5; default 4) chooses the encoding of every packet but
 * CONNECT, whose `protocolLevel` (default `protocolVersion`) chooses its own. MQTT 5 fields
 * (`reasonCode`, `properties`, subscription options, `reasonCodes`) are ignored before
 * version 5; AUTH exists only on 5.
 *
 * Packets of 65–2,048 bytes are views into a shared 8 KB slab (as
 * Node's unsafe Buffer allocation does): pass the array itself to a socket, or use its
 * `byteOffset`/`byteLength` with `.buffer`, never the whole `.buffer`.
 *
 * For the hot path, `encodePublish` and `encodePuback` (encode-publish.ts) encode without a packet
 * object.
 *
 * @throws TypeError when `packet` is not an object, its `type` is unknown, a field has
 *   the wrong type or a property name is unknown; RangeError for what the wire cannot
 *   carry: a topic over 65,535 bytes or with wildcards (PUBLISH), a packet over
 *   268,435,455 bytes of Remaining Length, a QoS outside 0–2, a packet id outside
 *   1–65,535, an empty subscription list, on MQTT 5 a property or reason code the packet
 *   may not carry, AUTH before MQTT 5, ...
 * @throws MqttProtocolError `UNEXPECTED_PACKET` in the browser bundle, whose encoder is a
 *   client's, for CONNACK, SUBACK and (MQTT 5) UNSUBACK
 * @example
 * ```ts
 * const bytes = encodePacket({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a/#', qos: 1 }] });
 * const ack = encodePacket({ type: 'puback', packetId: 1, reasonCode: 0x10 }, { protocolVersion: 5 });
 * ```
 */
export function encodePacket(packet: Packet, options?: EncodeOptions): Uint8Array {
  checkObject(packet, 'packet');
  const protocolVersion = options !== undefined && options !== null ? options.protocolVersion : undefined;
  if (packet.type === 'connect') return encodeConnect(packet, protocolVersion);
  if (protocolVersion === 5) return encodePacket5(packet);
  switch (packet.type) {
    case 'publish':
      return encodePublish(packet.topic, packet.payload, packet.qos, packet.retain, packet.dup, packet.packetId);
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
    case 'unsuback':
      return encodeAck(typeNumber(packet) as AckType, packet.packetId);
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
    case 'disconnect':
      return encodeEmpty(packet);
    case 'auth':
      throw new RangeError('AUTH exists only in MQTT 5 (protocolVersion 5)');
  }
  return unknownType(packet);
}
