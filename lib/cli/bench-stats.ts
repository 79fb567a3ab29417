/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Percentiles (nearest rank) of the first `count` samples of `samples`, in the samples'
 * unit. Sorts a copy; `undefined` when there is no sample.
 *
 * @example
 * ```ts
 * summarizeLatencies(Float64Array.of(1, 2, 3, 4), 4); // { p50: 2, p95: 4, p99: 4, max: 4 }
 * ```
 */
export function summarizeLatencies(samples: Float64Array, count: number): LatencySummary | undefined {
  if (count <= 0) return undefined;
  const sorted = samples.slice(0, count).sort();
  const rank = (p: number): number => sorted[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))];
  return { p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[count - 1] };
}
