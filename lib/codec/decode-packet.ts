/**
 * Decodes one complete packet whose bytes lie in `bytes[start..end)`; its fixed header
 * (first byte and Remaining Length) has already been checked by the framing.
 */
import { ByteReader, zeroPacketId } from './byte-reader';
import { decodeConnack, decodeConnect } from './decode-connect';
import { decodePublish } from './decode-publish';
import { decodeSuback, decodeSubscribe, decodeUnsubscribe } from './decode-subscribe';
import { PACKET_TYPE_NAMES } from './fixed-header';
import type { Packet } from './packet';

const reader = new ByteReader();
const EMPTY = new Uint8Array(0);

/**
 * The decoders of the variable-size packets read through {@link reader}, by packet type;
 * `null` for the rest.
 */
const BODY_DECODERS: (((r: ByteReader) => Packet) | null)[] = [
  null, decodeConnect, null, null, null, null, null, null, decodeSubscribe, decodeSuback, decodeUnsubscribe, null,
  null, null, null, null,
];

/**
 * Decodes the packet at `bytes[start..end)`, its body starting at `bodyStart`.
 * Variable-size bodies go through a reused {@link ByteReader}; byte payloads are views.
 *
 * @throws MqttProtocolError with the codes of the per-packet decoders
 * @example
 * ```ts
 * decodePacket(new Uint8Array([0x40, 2, 0, 7]), 0, 2, 4); // { type: 'puback', packetId: 7 }
 * ```
 */
export function decodePacket(bytes: Uint8Array, start: number, bodyStart: number, end: number): Packet {
  const first = bytes[start];
  const type = first >> 4;
  if (type === 3) return decodePublish(bytes, first, bodyStart, end);
  if (type === 2) return decodeConnack(bytes, bodyStart);
  const decode = BODY_DECODERS[type];
  if (decode === null) {
    // The framing checked the length: 0 for PINGREQ, PINGRESP and DISCONNECT, 2 (the
    // packet identifier) for PUBACK, PUBREC, PUBREL, PUBCOMP and UNSUBACK.
    if (end === bodyStart) return { type: PACKET_TYPE_NAMES[type] } as Packet;
    const packetId = (bytes[bodyStart] << 8) | bytes[bodyStart + 1];
    if (packetId === 0) throw zeroPacketId(type);
    return { type: PACKET_TYPE_NAMES[type], packetId: packetId } as Packet;
  }
  reader.reset(bytes, bodyStart, end, type);
  const packet = decode(reader);
  reader.bytes = EMPTY; // keep no reference to the chunk
  return packet;
}
