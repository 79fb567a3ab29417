/**
 * A token bucket: `rate` tokens a second, at most `burst` saved up. Each {@link take}
 * spends one token or says no; what was refused is counted in {@link refused}. Used for
 * the per-node and global datagram limits and for the gateway's reports and log lines.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket(10, 20, () => Date.now());
 * if (!bucket.take()) return; // over 10/s (after a burst of 20): dropped and counted
 * ```
 */
export class TokenBucket {
  /** Takes refused since the bucket was made. */
  refused = 0;
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Spends one token: `true`, or `false` (counted) when none is left. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.refused++;
    return false;
  }
}
