/**
 * Decodes one complete packet whose bytes lie in `bytes[start..end)`; its fixed header
 * (first byte and Remaining Length) has already been checked by the framing.
 */
import { ByteReader } from './byte-reader';
import { decodeConnack, decodeConnect } from './decode-connect';
import { decodePublish } from './decode-publish';
import { decodeSuback, decodeSubscribe, decodeUnsubscribe } from './decode-subscribe';
import type { Packet } from './packet';
import { protocolError } from './protocol-error';

const reader = new ByteReader();
const EMPTY = new Uint8Array(0);

function ackId(bytes: Uint8Array, pos: number, what: string): number {
  const id = (bytes[pos] << 8) | bytes[pos + 1];
  if (id === 0) throw protocolError('INVALID_PACKET_ID', what + ': packet identifier 0 [MQTT-2.3.1-1]');
  return id;
}

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
  switch (first >> 4) {
    case 3:
      return decodePublish(bytes, first, bodyStart, end);
    case 4:
      return { type: 'puback', packetId: ackId(bytes, bodyStart, 'PUBACK') };
    case 5:
      return { type: 'pubrec', packetId: ackId(bytes, bodyStart, 'PUBREC') };
    case 6:
      return { type: 'pubrel', packetId: ackId(bytes, bodyStart, 'PUBREL') };
    case 7:
      return { type: 'pubcomp', packetId: ackId(bytes, bodyStart, 'PUBCOMP') };
    case 11:
      return { type: 'unsuback', packetId: ackId(bytes, bodyStart, 'UNSUBACK') };
    case 12:
      return { type: 'pingreq' };
    case 13:
      return { type: 'pingresp' };
    case 14:
      return { type: 'disconnect' };
    case 2:
      return decodeConnack(bytes, bodyStart);
  }
  const r = reader;
  let packet: Packet;
  switch (first >> 4) {
    case 1:
      r.reset(bytes, bodyStart, end, 'CONNECT');
      packet = decodeConnect(r);
      break;
    case 8:
      r.reset(bytes, bodyStart, end, 'SUBSCRIBE');
      packet = decodeSubscribe(r);
      break;
    case 9:
      r.reset(bytes, bodyStart, end, 'SUBACK');
      packet = decodeSuback(r);
      break;
    default:
      r.reset(bytes, bodyStart, end, 'UNSUBSCRIBE');
      packet = decodeUnsubscribe(r);
  }
  r.bytes = EMPTY; // keep no reference to the chunk
  return packet;
}
