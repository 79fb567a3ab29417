/**
 * Elapsed time in milliseconds on the machine's monotonic clock (`process.hrtime`,
 * CLOCK_MONOTONIC on Linux), with sub-microsecond precision. Every process and thread
 * on the machine reads the same clock, so a start taken in one process and an end taken
 * in another (a worker, the native peer) make one duration. Not the time of day: that
 * one may be slewed or stepped while the bench runs, and an origin taken from it at
 * process start (`performance.timeOrigin`) then drifts from the other processes' (on a
 * VM, 5 ms per second was measured, which made 64 B runs of a few ms negative).
 *
 * @example
 * ```ts
 * const t0 = wallClock(); work(); const ms = wallClock() - t0;
 * ```
 */
export function wallClock(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * CPU time this process has used so far (user + system), in microseconds: the
 * difference over a run is the client's own cost, which — unlike a rate through the
 * broker — the other processes on a busy machine barely disturb.
 *
 * @example
 * ```ts
 * const c0 = cpuMicros(); work(); const perMessage = (cpuMicros() - c0) / count;
 * ```
 */
export function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}
