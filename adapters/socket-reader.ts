import type { OnReadOpts } from 'node:net';
import { ReadPacer } from './read-pacer';

/** The least room the kernel is given for a read: Node's own read size. */
export const READ_BUFFER_BYTES = 64 * 1024;
/** Reads shorter than this are copied out of the read buffer; longer ones keep it. */
export const COPY_BELOW_BYTES = 16 * 1024;
/** Size of the slabs read buffers are carved from, and so of the longest read. */
export const SLAB_BYTES = 4 * READ_BUFFER_BYTES;

/**
 * Reads a `net.Socket` through Node's `onread` option (pass {@link SocketReader.onread}
 * to `net.connect`) instead of its `'data'` events, and hands every chunk to
 * {@link SocketReader.sink}: no stream machinery, no `nextTick` and no fresh 64 KB
 * allocation per read. On a flood of small messages each read carries a few hundred
 * bytes, so this per-read cost is most of what a client spends per message.
 *
 * Every chunk handed over is the caller's to keep: decoded payloads are views into
 * it. A read shorter than {@link COPY_BELOW_BYTES} is copied out (into Node's pooled
 * allocation below 4 KB, as `Buffer.from` does) and the read buffer is reused; a
 * longer read hands over the bytes it filled (a view, no copy). Each read goes into
 * the rest of a {@link SLAB_BYTES} slab, a new slab once fewer than
 * {@link READ_BUFFER_BYTES} are left: a flood of large messages reads up to 256 KB at
 * a time and allocates once per slab, not once per 64 KB read (each fresh 64 KB
 * allocation cost 1.5–6 µs with its page faults, up to 0.4 µs per 4 KB message, and
 * each read its system call and wake-up). A payload kept alive keeps at most its slab
 * alive, and large chunks are never copied.
 *
 * Reads are paced by a {@link ReadPacer}: during a flood of small reads, reading
 * pauses for a millisecond (the callback returns false, which pauses the socket) and
 * {@link resume} is called afterwards; set it to restart the socket. `sink` returns
 * nothing. Node-only, like the socket.
 *
 * @example
 * ```ts
 * const reader = new SocketReader(true);
 * const socket = net.connect({ host, port, onread: reader.onread });
 * reader.sink = (chunk) => decoder.push(chunk);
 * ```
 */
export class SocketReader {
  /** Receives each chunk read; the default drops it (nobody subscribed, e.g. while closing). */
  sink: (chunk: Uint8Array) => void = ignore;
  /** Called when a pacing pause is over; the default does nothing. */
  resume: () => void = ignore;
  /** The `onread` option for `net.connect`. */
  readonly onread: OnReadOpts;
  private slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  /** Where {@link buffer} starts in {@link slab}: the slab before it is handed over. */
  private offset = 0;
  /** What the next read goes into: the rest of the slab. */
  private buffer = this.slab;
  private readonly pacer: ReadPacer | null;

  /** `pace`: batch the reads of a flood with a {@link ReadPacer} (false: read eagerly). */
  constructor(pace: boolean) {
    const pacer = pace ? new ReadPacer(() => this.resume()) : null;
    this.pacer = pacer;
    this.onread = {
      buffer: () => this.buffer,
      callback: (length: number, buffer: Uint8Array) => {
        this.sink(this.take(length, buffer as Buffer));
        return pacer === null || pacer.keepReading(length);
      },
    };
  }

  /** Tells the pacer the socket wrote (see `ReadPacer.wrote`). */
  wrote(): void {
    if (this.pacer !== null) this.pacer.wrote();
  }

  /** Drops a running pacing pause: no {@link resume} follows (the socket closes or is paused). */
  stopPacing(): void {
    if (this.pacer !== null) this.pacer.cancel();
  }

  /** The chunk of the `length` bytes just read into `buffer`, which then is free for the next read or replaced. */
  private take(length: number, buffer: Buffer): Uint8Array {
    if (length < COPY_BELOW_BYTES) {
      const chunk = Buffer.allocUnsafe(length);
      buffer.copy(chunk, 0, 0, length);
      return chunk;
    }
    // the chunk keeps its bytes of the slab; the next read goes into what follows them
    this.offset += length;
    if (this.offset + READ_BUFFER_BYTES > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.offset = 0;
    }
    this.buffer = this.slab.subarray(this.offset);
    return buffer.subarray(0, length);
  }
}

function ignore(): void {
  // no reader yet
}
