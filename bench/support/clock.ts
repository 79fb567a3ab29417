import { performance } from 'node:perf_hooks';

/**
 * High-resolution wall-clock time in milliseconds (`performance.timeOrigin +
 * performance.now()`), comparable between the bench's processes on one machine to
 * a few microseconds, so a start taken in a worker and an end taken in the main
 * process make one duration.
 *
 * @example
 * ```ts
 * const t0 = wallClock(); work(); const ms = wallClock() - t0;
 * ```
 */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
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
