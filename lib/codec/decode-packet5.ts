/**
 * Decodes one complete MQTT 5 packet whose fixed header the framing has checked: the
 * MQTT 5 counterpart of {@link decodePacket}.
 */
import { decodeConnack5, decodePublishAck5, decodeReasonOnly, decodeSubscribeAck5 } from './decode-acks5';
import { BodyDecoder, decodeFixedSize, throughReader } from './decode-packet';
import { decodePublish5 } from './decode-publish5';
import type { Packet } from './packet';
import { decodeConnect, decodeSubscribe5, decodeUnsubscribe5 } from './server-packets';

const acks = throughReader(decodePublishAck5);
const subscribeAcks = throughReader(decodeSubscribeAck5);
const reasonOnly = throughReader(decodeReasonOnly);

/** The body decoder of each packet type (type 0 never gets here: the framing refuses it). */
const BODY_DECODERS_5: BodyDecoder[] = [
  decodeFixedSize, throughReader(decodeConnect), throughReader(decodeConnack5), throughReader(decodePublish5),
  acks, acks, acks, acks,
  throughReader(decodeSubscribe5), subscribeAcks, throughReader(decodeUnsubscribe5), subscribeAcks,
  decodeFixedSize, decodeFixedSize, reasonOnly, reasonOnly,
];

/**
 * Decodes the MQTT 5 packet at `bytes[start..end)`, its body starting at `bodyStart`.
 * Byte fields (payload, binary properties) are views into `bytes`.
 *
 * @throws MqttProtocolError with the codes of the MQTT 5 body decoders
 * @example
 * ```ts
 * decodePacket5(new Uint8Array([0x40, 3, 0, 7, 0x10]), 0, 2, 5); // { type: 'puback', packetId: 7, reasonCode: 16 }
 * ```
 */
export function decodePacket5(bytes: Uint8Array, start: number, bodyStart: number, end: number): Packet {
  const first = bytes[start];
  return BODY_DECODERS_5[first >> 4](bytes, bodyStart, end, first);
}
