import { summarizeLatencies } from '../../../lib/cli/bench-stats';

describe('summarizeLatencies', () => {
  it('gives nearest-rank percentiles of the first count samples', () => {
    const samples = new Float64Array(200);
    for (let i = 0; i < 100; i++) samples[i] = 100 - i; // 100 .. 1, unsorted
    samples[150] = 1e9; // beyond count: ignored
    expect(summarizeLatencies(samples, 100)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('handles one sample and none', () => {
    expect(summarizeLatencies(Float64Array.of(0.25), 1)).toEqual({ p50: 0.25, p95: 0.25, p99: 0.25, max: 0.25 });
    expect(summarizeLatencies(new Float64Array(4), 0)).toBeUndefined();
  });

  it('does not reorder the samples it is given', () => {
    const samples = Float64Array.of(3, 1, 2);
    summarizeLatencies(samples, 3);
    expect(Array.from(samples)).toEqual([3, 1, 2]);
  });
});
