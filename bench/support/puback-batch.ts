/**
 * Where a PUBLISH's topic ends, given its body `bytes[body..)`: the position of its packet
 * id (QoS 1 and 2), else of its payload.
 *
 * @example
 * ```ts
 * const at = afterTopic(bytes, body); // QoS 1: the packet id is bytes[at], bytes[at + 1]
 * ```
 */
export function afterTopic(bytes: Uint8Array, body: number): number {
  return body + 2 + ((bytes[body] << 8) | bytes[body + 1]);
}

/**
 * The PUBACKs of one socket read, gathered so they leave in one write: how the bench
 * peer and the raw subscriber acknowledge QoS 1 (the same read loop on both sides of
 * the client-bound bench). Grows as needed; {@link take} empties it.
 *
 * @example
 * ```ts
 * const acks = new PubackBatch();
 * // per QoS 1 PUBLISH framed from the read:
 * acks.add(bytes, afterTopic(bytes, body));
 * // after the read:
 * const out = acks.take();
 * if (out !== null) socket.write(out);
 * ```
 */
export class PubackBatch {
  private bytes = Buffer.allocUnsafe(4096);
  private used = 0;

  /** PUBACKs waiting. */
  get size(): number {
    return this.used / 4;
  }

  /** Queues a PUBACK for the packet id at `bytes[at..at + 2)`. */
  add(bytes: Uint8Array, at: number): void {
    if (this.used + 4 > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    const out = this.bytes;
    out[this.used] = 0x40;
    out[this.used + 1] = 2;
    out[this.used + 2] = bytes[at];
    out[this.used + 3] = bytes[at + 1];
    this.used += 4;
  }

  /** The waiting PUBACKs as one buffer of their own (the socket may keep it), or null when none wait; empties the batch. */
  take(): Buffer | null {
    if (this.used === 0) return null;
    const out = Buffer.from(this.bytes.subarray(0, this.used));
    this.used = 0;
    return out;
  }
}
