/**
 * Framing: turns a stream of byte chunks into MQTT packets.
 */
import { checkInteger } from '../arg-checks';
import { MqttProtocolError } from '../errors';
import { decodePacket } from './decode-packet';
import { decodePacket5 } from './decode-packet5';
import { checkFirstByte, FIXED_LENGTHS, FIXED_LENGTHS_5, packetName } from './fixed-header';
import type { ConnectPacket, Packet, ProtocolVersion } from './packet';
import { protocolError } from './protocol-error';
import { MAX_REMAINING_LENGTH, readRemainingLength, remainingLengthSize } from './remaining-length';

/** First buffer for a packet split across chunks; it doubles as the packet's bytes arrive. */
const FIRST_HOLD = 16384;

/** Options of {@link PacketDecoder}. */
export interface PacketDecoderOptions {
  /**
   * The largest Remaining Length accepted (the packet's size after its fixed header), in
   * bytes, 0–268,435,455; default 268,435,455. A packet announcing more is refused from
   * its fixed header alone, before any of it is buffered, so at most
   * `maxPacketSize + 5` bytes are ever held. A partial packet's buffer grows with the
   * bytes that arrived (doubling), never to the announced length up front.
   */
  maxPacketSize?: number;
  /**
   * The protocol level of the packets other than CONNECT: 3 (MQTT 3.1), 4 (3.1.1, the
   * default) or 5. A CONNECT carries its own level and switches the decoder to it, so a
   * server-side decoder needs no option.
   */
  protocolVersion?: ProtocolVersion;
}

/**
 * Decodes MQTT packets, both directions, from byte chunks that may split packets
 * anywhere (even inside the Remaining Length) or carry many. The protocol version
 * (3.1.1 by default, 3.1 or 5) comes from the options or from a decoded CONNECT; MQTT 5
 * packets carry their reason codes and properties, and AUTH exists only there.
 *
 * `push(chunk)` returns every packet completed by `chunk`, in order, and keeps only the
 * leftover partial packet. Packets lying wholly inside a chunk are decoded in place: their
 * payload, will message and password are `Uint8Array` views into that chunk, not copies,
 * so do not modify a chunk after pushing it.
 *
 * Errors: a violation of the spec throws an `MqttProtocolError` with a stable `code`
 * (see the README's table). The decoder then stays failed: every later `push` throws that
 * same error, because the stream's framing is lost; the connection must be closed
 * [MQTT-4.8.0-1]. Packets that preceded the bad one in the same chunk are not returned.
 * The browser bundle's decoder is a client's: CONNECT, SUBSCRIBE and UNSUBSCRIBE throw
 * `UNEXPECTED_PACKET` there.
 *
 * @example
 * ```ts
 * const decoder = new PacketDecoder({ maxPacketSize: 64 * 1024, protocolVersion: 5 });
 * socket.on('data', (chunk) => {
 *   const packets = decoder.push(chunk); // throws MqttProtocolError on bad bytes
 *   for (let i = 0; i < packets.length; i++) handle(packets[i]);
 * });
 * ```
 */
export class PacketDecoder {
  /** The largest Remaining Length accepted. */
  readonly maxPacketSize: number;
  /** Header bytes of a packet whose Remaining Length is not complete yet (at most 4 held). */
  private readonly head = new Uint8Array(5);
  private headLength = 0;
  /** The packet being assembled; grows (doubling) as its bytes arrive, up to {@link total}. */
  private partial: Uint8Array | null = null;
  private filled = 0;
  /** Size of the whole packet being assembled, fixed header included. */
  private total = 0;
  /** Where the body of {@link partial} starts. */
  private bodyOffset = 0;
  private failure: MqttProtocolError | null = null;
  private version: ProtocolVersion = 4;
  /** The version's rules, set together by {@link setVersion}. */
  private v5 = false;
  private maxType = 14;
  private fixedLengths = FIXED_LENGTHS;

  /**
   * @throws TypeError when `maxPacketSize` or `protocolVersion` is not a number
   * @throws RangeError when `maxPacketSize` is not an integer in 0–268,435,455 or
   *   `protocolVersion` not 3, 4 or 5
   */
  constructor(options?: PacketDecoderOptions) {
    const max = options && options.maxPacketSize !== undefined ? options.maxPacketSize : MAX_REMAINING_LENGTH;
    this.maxPacketSize = checkInteger(max, 0, MAX_REMAINING_LENGTH, 'maxPacketSize');
    if (options && options.protocolVersion !== undefined) {
      this.setVersion(checkInteger(options.protocolVersion, 3, 5, 'protocolVersion') as ProtocolVersion);
    }
  }

  /** The protocol level non-CONNECT packets are decoded with: 3, 4 or 5. */
  get protocolVersion(): ProtocolVersion {
    return this.version;
  }

  private setVersion(version: ProtocolVersion): void {
    this.version = version;
    this.v5 = version === 5;
    this.maxType = this.v5 ? 15 : 14;
    this.fixedLengths = this.v5 ? FIXED_LENGTHS_5 : FIXED_LENGTHS;
  }

  /** Decodes one framed packet with the current version's rules; a CONNECT sets the version. */
  private decode(bytes: Uint8Array, start: number, bodyStart: number, end: number): Packet {
    const packet = this.v5 ? decodePacket5(bytes, start, bodyStart, end) : decodePacket(bytes, start, bodyStart, end);
    // Type 1 is CONNECT (type 0 never gets here); decodeConnect accepted only levels 3–5.
    if (bytes[start] < 0x20) this.setVersion((packet as ConnectPacket).protocolLevel as ProtocolVersion);
    return packet;
  }

  /** The error this decoder failed with, or `null` while it is healthy. */
  get error(): MqttProtocolError | null {
    return this.failure;
  }

  /**
   * Feeds the next chunk of bytes and returns the packets it completes, in order.
   *
   * @throws TypeError when `chunk` is not a `Uint8Array`
   * @throws MqttProtocolError on the first violation, and the same error on every later call
   */
  push(chunk: Uint8Array): Packet[] {
    if (this.failure !== null) throw this.failure;
    if (!(chunk instanceof Uint8Array)) throw new TypeError('chunk must be a Uint8Array');
    const out: Packet[] = [];
    try {
      let pos = 0;
      if (this.headLength > 0 || this.partial !== null) {
        pos = this.resume(chunk, out);
        if (pos < 0) return out;
      }
      const end = chunk.length;
      while (pos < end) {
        const first = chunk[pos];
        checkFirstByte(first, this.maxType);
        const length = readRemainingLength(chunk, pos + 1, end);
        if (length < 0) {
          this.head.set(chunk.subarray(pos, end), 0);
          this.headLength = end - pos;
          break;
        }
        this.checkSize(first, length);
        const bodyStart = pos + 1 + remainingLengthSize(length);
        const packetEnd = bodyStart + length;
        if (packetEnd > end) {
          this.hold(chunk, pos, end, length);
          break;
        }
        out.push(this.decode(chunk, pos, bodyStart, packetEnd));
        pos = packetEnd;
      }
    } catch (e) {
      this.fail(e);
    }
    return out;
  }

  /** Completes the pending packet from `chunk`; returns the position after it, or -1 when `chunk` ran out first. */
  private resume(chunk: Uint8Array, out: Packet[]): number {
    const end = chunk.length;
    let pos = 0;
    let partial = this.partial;
    if (partial === null) {
      const head = this.head;
      let length = -1;
      while (length < 0) {
        if (pos >= end) return -1;
        head[this.headLength++] = chunk[pos++];
        length = readRemainingLength(head, 1, this.headLength);
      }
      this.checkSize(head[0], length);
      partial = this.hold(head, 0, this.headLength, length);
      this.headLength = 0;
    }
    const take = Math.min(this.total - this.filled, end - pos);
    if (this.filled + take > partial.length) partial = this.grow(this.filled + take);
    if (take > 0) {
      partial.set(take === end - pos && pos === 0 ? chunk : chunk.subarray(pos, pos + take), this.filled);
      this.filled += take;
      pos += take;
    }
    if (this.filled < this.total) return -1;
    this.partial = null;
    this.filled = 0;
    out.push(this.decode(partial, 0, this.bodyOffset, partial.length));
    return pos;
  }

  /**
   * Starts assembling a packet of Remaining Length `length` whose first bytes, its whole
   * fixed header included, are `bytes[from..to)`; returns the buffer it goes into. The
   * buffer fits what arrived (at least {@link FIRST_HOLD}), not the announced length: a
   * peer announcing 200 MB in a 5-byte header gets no 200 MB buffer.
   */
  private hold(bytes: Uint8Array, from: number, to: number, length: number): Uint8Array {
    const bodyOffset = 1 + remainingLengthSize(length);
    this.total = bodyOffset + length;
    const partial = new Uint8Array(Math.min(this.total, Math.max(to - from, FIRST_HOLD)));
    partial.set(bytes.subarray(from, to), 0);
    this.partial = partial;
    this.filled = to - from;
    this.bodyOffset = bodyOffset;
    return partial;
  }

  /** Replaces the partial packet's buffer by one of at least `needed` bytes (doubling, capped at the packet's size). */
  private grow(needed: number): Uint8Array {
    const old = this.partial as Uint8Array;
    const bigger = new Uint8Array(Math.min(this.total, Math.max(needed, old.length * 2)));
    bigger.set(old.subarray(0, this.filled), 0);
    this.partial = bigger;
    return bigger;
  }

  /**
   * Checks the Remaining Length `length` of a packet whose first byte is `first` before
   * its body is buffered: `PACKET_TOO_LARGE` over {@link maxPacketSize}, `INVALID_LENGTH`
   * when a fixed-size packet (before MQTT 5: CONNACK, the acks, PINGREQ, PINGRESP,
   * DISCONNECT; on MQTT 5: PINGREQ, PINGRESP) announces another length than its own
   * [MQTT-3.2.2] [MQTT-3.12.1].
   */
  private checkSize(first: number, length: number): void {
    if (length > this.maxPacketSize) {
      throw protocolError('PACKET_TOO_LARGE', 'remaining length ' + length + ' exceeds maxPacketSize ' + this.maxPacketSize);
    }
    const type = first >> 4;
    const fixed = this.fixedLengths[type];
    if (fixed >= 0 && length !== fixed) {
      throw protocolError('INVALID_LENGTH', packetName(type) + ': remaining length ' + length + ', must be ' + fixed);
    }
  }

  private fail(e: unknown): never {
    if (e instanceof MqttProtocolError) this.failure = e;
    throw e;
  }
}
