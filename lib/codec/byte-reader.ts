/**
 * A cursor over one packet's variable header and payload, `bytes[pos..end)`. Every read
 * is bounds-checked against the packet's end, so a field running past it is a coded
 * error, never an out-of-range read.
 */
import { protocolError } from './protocol-error';
import { decodeUtf8 } from './utf8';
import { view } from './view';

/**
 * Bounds-checked reads of MQTT's field types [MQTT-1.5]. One instance is reused for every
 * packet (decoding is synchronous), so reading allocates nothing but the values.
 *
 * @example
 * ```ts
 * const r = new ByteReader();
 * r.reset(bytes, bodyStart, end, 'CONNECT');
 * const name = r.string('protocol name');
 * ```
 */
export class ByteReader {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  /** Packet name for error messages. */
  what = '';

  /** Points the reader at `bytes[pos..end)` of a packet named `what`. */
  reset(bytes: Uint8Array, pos: number, end: number, what: string): void {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    this.what = what;
  }

  /** Whether bytes remain before the packet's end. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** @throws MqttProtocolError `TRUNCATED_PACKET` when fewer than `n` bytes remain. */
  need(n: number, field: string): void {
    if (this.pos + n > this.end) {
      throw protocolError('TRUNCATED_PACKET', this.what + ': ' + field + ' runs past the end of the packet');
    }
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

  /**
   * A packet identifier, which must not be 0 [MQTT-2.3.1-1].
   * @throws MqttProtocolError `INVALID_PACKET_ID` for 0
   */
  packetId(): number {
    const id = this.u16('packet identifier');
    if (id === 0) throw protocolError('INVALID_PACKET_ID', this.what + ': packet identifier 0 [MQTT-2.3.1-1]');
    return id;
  }

  /** Two-byte length then that many bytes, as a view into the packet (no copy) [MQTT-1.5.3]. */
  binary(field: string): Uint8Array {
    const n = this.u16(field + ' length');
    this.need(n, field);
    const start = this.pos;
    this.pos += n;
    return view(this.bytes, start, this.pos);
  }

  /**
   * A UTF-8 string with a two-byte length [MQTT-1.5.3].
   * @throws MqttProtocolError `MALFORMED_UTF8` [MQTT-1.5.3-1], `NULL_CHARACTER` [MQTT-1.5.3-2]
   */
  string(field: string): string {
    const n = this.u16(field + ' length');
    this.need(n, field);
    const start = this.pos;
    this.pos += n;
    let s: string;
    try {
      s = decodeUtf8(this.bytes, start, this.pos);
    } catch (e) {
      throw protocolError('MALFORMED_UTF8', this.what + ': ' + field + ': ' + (e as Error).message);
    }
    if (s.indexOf('\u0000') >= 0) {
      throw protocolError('NULL_CHARACTER', this.what + ': ' + field + ' contains U+0000 [MQTT-1.5.3-2]');
    }
    return s;
  }

  /** @throws MqttProtocolError `TRAILING_BYTES` when bytes remain after the last field. */
  done(): void {
    if (this.pos !== this.end) {
      throw protocolError('TRAILING_BYTES', this.what + ': ' + (this.end - this.pos) + ' bytes after the last field');
    }
  }
}
