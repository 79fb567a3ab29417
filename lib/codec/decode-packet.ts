/**
 * Decodes one complete packet whose bytes lie in `bytes[start..end)`; its fixed header
 * (first byte and Remaining Length) has already been checked by the framing.
 */
import { ByteReader, zeroPacketId } from './byte-reader';
import { decodeConnack } from './decode-connect';
import { decodePublish } from './decode-publish';
import { decodeSuback } from './decode-subscribe';
import { PACKET_TYPE_NAMES } from './fixed-header';
import type { Packet } from './packet';
import { decodeConnect, decodeSubscribe, decodeUnsubscribe } from './server-packets';

/** Decodes the body `bytes[start..end)` of a packet whose first header byte is `first`. */
export type BodyDecoder = (bytes: Uint8Array, start: number, end: number, first: number) => Packet;

const reader = new ByteReader();
const EMPTY = new Uint8Array(0);

/**
 * The decoder of a variable-size body read through the one reused {@link reader}.
 *
 * @example
 * ```ts
 * const decodeSub = throughReader(decodeSubscribe);
 * ```
 */
export function throughReader(decode: (r: ByteReader, first: number) => Packet): BodyDecoder {
  return (bytes, start, end, first) => {
    reader.reset(bytes, start, end, first >> 4);
    const packet = decode(reader, first);
    reader.bytes = EMPTY; // keep no reference to the chunk
    return packet;
  };
}

/**
 * PINGREQ, PINGRESP and DISCONNECT (no body) and PUBACK, PUBREC, PUBREL, PUBCOMP and
 * UNSUBACK (a packet identifier) of MQTT 3.1.1; the framing checked their length.
 *
 * @example
 * ```ts
 * decodeFixedSize(new Uint8Array([0x40, 2, 0, 7]), 2, 4, 0x40); // { type: 'puback', packetId: 7 }
 * ```
 */
export function decodeFixedSize(bytes: Uint8Array, start: number, end: number, first: number): Packet {
  const type = first >> 4;
  if (end === start) return { type: PACKET_TYPE_NAMES[type] } as Packet;
  const packetId = (bytes[start] << 8) | bytes[start + 1];
  if (packetId === 0) throw zeroPacketId(type);
  return { type: PACKET_TYPE_NAMES[type], packetId: packetId } as Packet;
}

/** The body decoder of each packet type (types 0 and 15 never get here: the framing refuses them). */
const BODY_DECODERS: BodyDecoder[] = [
  decodeFixedSize, throughReader(decodeConnect), decodeConnack, decodePublish,
  decodeFixedSize, decodeFixedSize, decodeFixedSize, decodeFixedSize,
  throughReader(decodeSubscribe), throughReader(decodeSuback), throughReader(decodeUnsubscribe), decodeFixedSize,
  decodeFixedSize, decodeFixedSize, decodeFixedSize, decodeFixedSize,
];

/**
 * Decodes the MQTT 3.1.1 (or 3.1) packet at `bytes[start..end)`, its body starting at
 * `bodyStart`.
 * Variable-size bodies other than PUBLISH go through a reused {@link ByteReader}; byte
 * payloads are views.
 *
 * @throws MqttProtocolError with the codes of the per-packet decoders
 * @example
 * ```ts
 * decodePacket(new Uint8Array([0x40, 2, 0, 7]), 0, 2, 4); // { type: 'puback', packetId: 7 }
 * ```
 */
export function decodePacket(bytes: Uint8Array, start: number, bodyStart: number, end: number): Packet {
  const first = bytes[start];
  return BODY_DECODERS[first >> 4](bytes, bodyStart, end, first);
}
