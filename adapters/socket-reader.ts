import type { OnReadOpts } from 'node:net';
import { ReadPacer } from './read-pacer';

/** Size of the buffer the kernel reads into: Node's own read size. */
export const READ_BUFFER_BYTES = 64 * 1024;
/** Reads shorter than this are copied out of the read buffer; longer ones keep it. */
export const COPY_BELOW_BYTES = 16 * 1024;

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
 * longer read hands over the read buffer itself (a view of its first bytes, no copy)
 * and the next read gets a new one. So a payload kept alive keeps at most 4× its
 * chunk's bytes alive, and large chunks are never copied.
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
  private buffer = Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
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
    this.buffer = Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
    return buffer.subarray(0, length);
  }
}

function ignore(): void {
  // no reader yet
}
