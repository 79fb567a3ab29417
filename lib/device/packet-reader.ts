/**
 * The packets a device client receives, and only those (CONNACK, PUBLISH, PUBACK,
 * SUBACK, UNSUBACK, PINGRESP): bytes arrive as binary strings (Espruino's socket
 * `'data'`), are framed here however they were split or joined, and each packet goes
 * to one method of a {@link PacketHandler}: no packet object, no observable per packet.
 */
import { protocolError } from '../codec/protocol-error';
import { MqttProtocolError } from '../errors';
import { bytesOfBinary, textOfBinary } from './text';

/** Where {@link PacketReader} delivers what it decoded. */
export interface PacketHandler {
  /** CONNACK [MQTT-3.2]: the session-present flag and the return code (0 accepted). */
  connack(sessionPresent: boolean, returnCode: number): void;
  /** PUBLISH [MQTT-3.3]; `packetId` is 0 at QoS 0. */
  publish(topic: string, payload: Uint8Array, qos: 0 | 1, retain: boolean, dup: boolean, packetId: number): void;
  /** PUBACK (type 4), SUBACK (9, with its return code) or UNSUBACK (11). */
  ack(type: number, packetId: number, code: number): void;
  /** PINGRESP [MQTT-3.13]. */
  pingresp(): void;
}

function id(body: string, at: number): number {
  return (body.charCodeAt(at) << 8) | body.charCodeAt(at + 1);
}

/**
 * Frames inbound bytes into packets. `push` throws an `MqttProtocolError` for what a
 * broker must not send a client: a packet of the server's side or of a QoS 2 flow, or
 * one of a wrong length (`UNEXPECTED_PACKET`), a QoS 2 PUBLISH the client never asked
 * for (`INVALID_QOS`), a packet over `maxPacketSize` (`PACKET_TOO_LARGE`).
 *
 * @example
 * ```ts
 * const reader = new PacketReader(handler, 65536);
 * socket.on('data', (chunk) => reader.push(chunk));
 * ```
 */
export class PacketReader {
  private buffer = '';

  constructor(private readonly handler: PacketHandler, private readonly maxPacketSize: number) {}

  /** Adds a chunk and delivers every packet it completes. */
  push(chunk: string): void {
    let buffer = this.buffer + chunk;
    for (;;) {
      // Remaining Length: 1-4 bytes of 7 bits, least significant first [MQTT-2.2.3].
      let length = 0;
      let i = 1;
      for (;;) {
        if (i >= buffer.length) {
          this.buffer = buffer;
          return;
        }
        const b = buffer.charCodeAt(i);
        length += (b & 127) * Math.pow(128, i - 1);
        i++;
        if (b < 128) break;
        if (i > 4) throw protocolError('MALFORMED_REMAINING_LENGTH', 'remaining length takes more than 4 bytes [MQTT-2.2.3]');
      }
      if (i + length > this.maxPacketSize) {
        throw protocolError('PACKET_TOO_LARGE', 'a packet of ' + (i + length) + ' bytes exceeds ' + this.maxPacketSize);
      }
      if (buffer.length < i + length) {
        this.buffer = buffer;
        return;
      }
      const first = buffer.charCodeAt(0);
      const body = buffer.substring(i, i + length);
      buffer = buffer.substring(i + length);
      this.buffer = buffer;
      this.deliver(first, body);
      buffer = this.buffer; // deliver may have reset the reader
    }
  }

  /** Forgets a partial packet (a new connection starts afresh). */
  reset(): void {
    this.buffer = '';
  }

  private deliver(first: number, body: string): void {
    const type = first >> 4;
    const h = this.handler;
    if (type === 3) {
      const qos = (first >> 1) & 3;
      if (qos > 1) throw protocolError('INVALID_QOS', 'PUBLISH at QoS ' + qos + ': the client subscribes at QoS 0 or 1 [MQTT-3.3.1-4]');
      const topicEnd = 2 + id(body, 0);
      const payloadAt = topicEnd + (qos ? 2 : 0);
      if (payloadAt > body.length) throw protocolError('INVALID_LENGTH', 'PUBLISH shorter than its topic and packet id');
      h.publish(textOfBinary(body.substring(2, topicEnd)), bytesOfBinary(body.substring(payloadAt)), qos as 0 | 1,
        (first & 1) === 1, (first & 8) === 8, qos ? id(body, topicEnd) : 0);
    } else if (type === 2 && body.length === 2) {
      h.connack((body.charCodeAt(0) & 1) === 1, body.charCodeAt(1));
    } else if ((type === 4 || type === 11) && body.length === 2) {
      h.ack(type, id(body, 0), 0);
    } else if (type === 9 && body.length === 3) {
      h.ack(type, id(body, 0), body.charCodeAt(2));
    } else if (type === 13 && body.length === 0) {
      h.pingresp();
    } else {
      // a server-side packet (CONNECT, SUBSCRIBE, ...), a QoS 2 flow the client never starts, or a bad length
      throw new MqttProtocolError('UNEXPECTED_PACKET', 'packet type ' + type + ' of ' + body.length + ' bytes: not one a broker sends this client');
    }
  }
}
