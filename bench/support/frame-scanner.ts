/**
 * Called once per whole MQTT packet: `first` is its first byte (type << 4 | flags),
 * the body (variable header and payload) is `bytes[body..end)`. `bytes` is only valid
 * during the call.
 */
export type FrameHandler = (first: number, bytes: Uint8Array, body: number, end: number) => void;

/**
 * The minimal MQTT framer of the raw contender and the counting peers: it only finds
 * packet boundaries (fixed header and Remaining Length), without decoding, so its cost
 * is a few operations per packet. Packets inside one chunk are handed over in place;
 * a packet split across chunks is gathered into a carry buffer first.
 *
 * @example
 * ```ts
 * const scanner = new FrameScanner((first) => { if (first >> 4 === 4) acked++; });
 * socket.on('data', (chunk) => scanner.push(chunk));
 * ```
 */
export class FrameScanner {
  private carry = new Uint8Array(0);
  private carried = 0;

  constructor(private readonly onFrame: FrameHandler) {}

  /** Feeds the next chunk from the socket. */
  push(chunk: Uint8Array): void {
    let pos = 0;
    const length = chunk.length;
    if (this.carried > 0) {
      pos = this.fillCarry(chunk);
      if (pos < 0) return;
    }
    while (pos < length) {
      const frameEnd = frameLength(chunk, pos, length);
      if (frameEnd < 0 || pos + frameEnd > length) {
        this.keep(chunk, pos, length);
        return;
      }
      const end = pos + frameEnd;
      this.onFrame(chunk[pos], chunk, pos + headerLength(chunk, pos), end);
      pos = end;
    }
  }

  /** Completes the carried packet from `chunk`; returns where the chunk's own packets start, or -1 when it was all used. */
  private fillCarry(chunk: Uint8Array): number {
    let pos = 0;
    // the header may itself be split: take bytes until the length is known
    let total = frameLength(this.carry, 0, this.carried);
    while (total < 0) {
      if (pos >= chunk.length) return -1;
      this.append(chunk, pos, pos + 1);
      pos++;
      total = frameLength(this.carry, 0, this.carried);
    }
    const take = Math.min(total - this.carried, chunk.length - pos);
    this.append(chunk, pos, pos + take);
    pos += take;
    if (this.carried < total) return -1;
    this.carried = 0;
    this.onFrame(this.carry[0], this.carry, headerLength(this.carry, 0), total);
    return pos;
  }

  private keep(chunk: Uint8Array, from: number, to: number): void {
    this.carried = 0;
    this.append(chunk, from, to);
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    const need = this.carried + (to - from);
    if (need > this.carry.length) {
      const bigger = new Uint8Array(Math.max(need, this.carry.length * 2, 256));
      bigger.set(this.carry.subarray(0, this.carried));
      this.carry = bigger;
    }
    this.carry.set(chunk.subarray(from, to), this.carried);
    this.carried = need;
  }
}

/** Fixed header plus Remaining Length of the packet at `pos`, or -1 when its header is incomplete before `limit`. */
function frameLength(bytes: Uint8Array, pos: number, limit: number): number {
  let value = 0;
  let multiplier = 1;
  for (let i = 1; i <= 4; i++) {
    if (pos + i >= limit) return -1;
    const b = bytes[pos + i];
    value += (b & 0x7f) * multiplier;
    if ((b & 0x80) === 0) return 1 + i + value;
    multiplier *= 128;
  }
  throw new RangeError('malformed Remaining Length');
}

/** Length of the fixed header of a packet whose header is complete. */
function headerLength(bytes: Uint8Array, pos: number): number {
  let i = 1;
  while (bytes[pos + i] & 0x80) i++;
  return i + 1;
}
