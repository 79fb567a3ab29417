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
