/** Reads this short count as small: a flood read this way costs a syscall round per few messages. */
export const SMALL_READ_BYTES = 16 * 1024;
/** This many small reads ... */
export const PACED_READS = 4;
/** ... within this many ms mean a flood: reading pauses. */
export const PACING_WINDOW_MS = 1;
/** How long reading pauses, in ms (one timer tick: the kernel gathers the next reads meanwhile). */
export const PACING_PAUSE_MS = 1;
/** Reads are paced only when nothing was written for this many ms: nobody waits for an answer. */
export const WRITE_QUIET_MS = 10;

function monotonicNow(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/**
 * Batches the reads of a flood: when {@link PACED_READS} small reads (under 16 KB)
 * came within {@link PACING_WINDOW_MS}, the socket stops reading for
 * {@link PACING_PAUSE_MS} and the kernel gathers what arrives meanwhile into the next
 * read. An eager reader of a flood of small messages reads a few hundred bytes per
 * event-loop turn (two `epoll_pwait` and one `read` system call, and an ACK, per
 * read): most of its CPU per message, taken from the broker that shares the machine.
 * Paced, a read carries a millisecond of messages.
 *
 * Only a receive-only connection is paced: after a write (told with {@link wrote}),
 * reads run unpaced for {@link WRITE_QUIET_MS}, so a publisher waiting for PUBACKs, a
 * QoS 1 subscriber sending them, or a PINGREQ never wait on a pause (pacing the
 * acknowledgements of a publisher's window measurably cut its throughput). Costs a
 * flood at most about 1 ms of extra latency; a stream slower than a few thousand
 * reads per second, and reads of 16 KB or more (already efficient), are never
 * paused. Node-only (a real timer: this is socket I/O, not client time).
 *
 * @example
 * ```ts
 * const pacer = new ReadPacer(() => socket.resume());
 * // in the onread callback, after handing the chunk over:
 * return pacer.keepReading(length); // false: Node pauses the socket; resume comes later
 * ```
 */
export class ReadPacer {
  /** When the small reads before this one happened ({@link PACED_READS} - 1 of them), oldest at `next`. */
  private readonly stamps: number[] = [];
  private next = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastWrite = -Infinity;

  constructor(
    /** Called when a pause is over: restart reading (if still wanted). */
    private readonly resume: () => void,
    private readonly now: () => number = monotonicNow,
  ) {
    for (let i = 0; i < PACED_READS - 1; i++) this.stamps.push(-Infinity);
  }

  /** Whether a pause is running. */
  get paused(): boolean {
    return this.timer !== null;
  }

  /** Tells the pacer that the connection wrote: reads stay unpaced for {@link WRITE_QUIET_MS}. */
  wrote(): void {
    this.lastWrite = this.now();
  }

  /** Called after each read of `length` bytes: false means stop reading now; `resume` follows the pause. */
  keepReading(length: number): boolean {
    if (length >= SMALL_READ_BYTES || this.timer !== null) return true;
    const now = this.now();
    if (now - this.lastWrite < WRITE_QUIET_MS) return true;
    const oldest = this.stamps[this.next];
    this.stamps[this.next] = now;
    this.next = this.next + 1 === this.stamps.length ? 0 : this.next + 1;
    if (now - oldest >= PACING_WINDOW_MS) return true;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.resume();
    }, PACING_PAUSE_MS);
    return false;
  }

  /** Drops a running pause without resuming (the socket closes or nobody reads any more). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
