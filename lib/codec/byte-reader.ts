/**
 * A cursor over one packet's variable header and payload, `bytes[pos..end)`. Every read
 * is bounds-checked against the packet's end, so a field running past it is a coded
 * error, never an out-of-range read.
 */
import type { MqttProtocolError } from '../errors';
import { packetName } from './fixed-header';
import { protocolError, ProtocolErrorCode } from './protocol-error';
import { decodeUtf8 } from './utf8';
import { view } from './view';

/**
 * The `TRUNCATED_PACKET` error: `field` of a packet of type `type` (1–14) runs past its end.
 *
 * @example
 * ```ts
 * throw truncated(3, 'topic name'); // PUBLISH: topic name runs past the end of the packet
 * ```
 */
export function truncated(type: number, field: string): MqttProtocolError {
  return protocolError('TRUNCATED_PACKET', packetName(type) + ': ' + field + ' runs past the end of the packet');
}

/**
 * The `INVALID_PACKET_ID` error for a packet identifier 0 in a packet of type `type`
 * (1–14) [MQTT-2.3.1-1]. The caller compares, so the check costs no call.
 *
 * @example
 * ```ts
 * if (id === 0) throw zeroPacketId(4); // PUBACK: packet identifier 0 [MQTT-2.3.1-1]
 * ```
 */
export function zeroPacketId(type: number): MqttProtocolError {
  return protocolError('INVALID_PACKET_ID', packetName(type) + ': packet identifier 0 [MQTT-2.3.1-1]');
}

/**
 * Bounds-checked reads of MQTT's field types [MQTT-1.5]. One instance is reused for every
 * packet (decoding is synchronous), so reading allocates nothing but the values.
 *
 * @example
 * ```ts
 * const r = new ByteReader();
 * r.reset(bytes, bodyStart, end, 1); // a CONNECT
 * const name = r.string('protocol name');
 * ```
 */
export class ByteReader {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  /** Packet type (1–14), which names the packet in error messages. */
  type = 0;

  /** Points the reader at `bytes[pos..end)` of a packet of type `type`. */
  reset(bytes: Uint8Array, pos: number, end: number, type: number): void {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    this.type = type;
  }

  /**
   * The error `code` for this packet: its name, then `detail`.
   *
   * @example
   * ```ts
   * throw r.error('INVALID_QOS', 'will QoS 3 [MQTT-3.1.2-14]'); // "CONNECT: will QoS 3 [MQTT-3.1.2-14]"
   * ```
   */
  error(code: ProtocolErrorCode, detail: string): MqttProtocolError {
    return protocolError(code, packetName(this.type) + ': ' + detail);
  }

  /** Whether bytes remain before the packet's end. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** @throws MqttProtocolError `TRUNCATED_PACKET` when fewer than `n` bytes remain. */
  need(n: number, field: string): void {
    if (this.pos + n > this.end) throw truncated(this.type, field);
  }

  /** One byte. */
  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.pos++];
  }

  /** A big-endian two-byte integer [MQTT-1.5.2]. */
  u16(field: string): number {
    this.need(2, field);
    const b = this.bytes;
    const v = (b[this.pos] << 8) | b[this.pos + 1];
    this.pos += 2;
    return v;
  }

  /** A big-endian four-byte integer [MQTT-1.5.3]. */
  u32(field: string): number {
    this.need(4, field);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return b[p] * 16777216 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
  }

  /**
   * A Variable Byte Integer [MQTT-1.5.5]: 1–4 bytes, 7 bits each, least significant
   * first, in its shortest form [MQTT-1.5.5-1] (so re-encoding gives the same bytes).
   * @throws MqttProtocolError `MALFORMED_VARIABLE_INTEGER` for a fifth byte or a longer
   *   form than needed, `TRUNCATED_PACKET` when the packet ends inside it
   */
  varint(field: string): number {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.u8(field);
      value += (b & 0x7f) * (1 << (7 * i));
      if ((b & 0x80) === 0) {
        if (b === 0 && i > 0) throw this.error('MALFORMED_VARIABLE_INTEGER', field + ' is not in its shortest form [MQTT-1.5.5-1]');
        return value;
      }
    }
    throw this.error('MALFORMED_VARIABLE_INTEGER', field + ' takes more than 4 bytes [MQTT-1.5.5]');
  }

  /**
   * A packet identifier, which must not be 0 [MQTT-2.3.1-1].
   * @throws MqttProtocolError `INVALID_PACKET_ID` for 0
   */
  packetId(): number {
    const id = this.u16('packet identifier');
    if (id === 0) throw zeroPacketId(this.type);
    return id;
  }

  /**
   * Steps over a two-byte length and that many bytes [MQTT-1.5.3]; returns where the bytes
   * start (they end at {@link pos}).
   */
  lengthPrefixed(field: string): number {
    const n = this.u16(field + ' length');
    this.need(n, field);
    this.pos += n;
    return this.pos - n;
  }

  /** Two-byte length then that many bytes, as a view into the packet (no copy) [MQTT-1.5.3]. */
  binary(field: string): Uint8Array {
    const start = this.lengthPrefixed(field);
    return view(this.bytes, start, this.pos);
  }

  /**
   * A UTF-8 string with a two-byte length [MQTT-1.5.3].
   * @throws MqttProtocolError `MALFORMED_UTF8` [MQTT-1.5.3-1], `NULL_CHARACTER` [MQTT-1.5.3-2]
   */
  string(field: string): string {
    const start = this.lengthPrefixed(field);
    let s: string;
    try {
      s = decodeUtf8(this.bytes, start, this.pos);
    } catch (e) {
      throw this.error('MALFORMED_UTF8', field + ': ' + (e as Error).message);
    }
    if (s.indexOf('\u0000') >= 0) {
      throw this.error('NULL_CHARACTER', field + ' contains U+0000 [MQTT-1.5.3-2]');
    }
    return s;
  }

  /** @throws MqttProtocolError `TRAILING_BYTES` when bytes remain after the last field. */
  done(): void {
    if (this.pos !== this.end) {
      throw this.error('TRAILING_BYTES', this.end - this.pos + ' bytes after the last field');
    }
  }
}
