import { formatMultiBenchResult, MultiBenchResult, spreadOf } from '../../../../lib/cli/bench/multi-bench-result';
import { checkMultiBenchFlags } from '../../../../lib/cli/bench/multi-bench-command';
import { UsageError } from '../../../../lib/cli/usage-error';

describe('multi-client bench results', () => {
  it('spreadOf gives min, median and max', () => {
    expect(spreadOf([5, 1, 3])).toEqual({ min: 1, p50: 3, max: 5 });
    expect(spreadOf([4, 1, 3, 2])).toEqual({ min: 1, p50: 2, max: 4 });
    expect(spreadOf([])).toEqual({ min: 0, p50: 0, max: 0 });
  });

  it('formats a readable report', () => {
    const result: MultiBenchResult = {
      clients: 2,
      threads: 2,
      count: 10,
      size: 64,
      qos: 1,
      connections: 4,
      connectMs: 200,
      pairConnect: { p50: 10, p95: 12, p99: 12, max: 12 },
      delivered: 20,
      received: 20,
      publishMs: 100,
      publishRate: 200,
      receiveMs: 125,
      receiveRate: 160,
      perClient: { publishRate: { min: 90, p50: 95, max: 100 }, receiveRate: { min: 80, p50: 80, max: 82 } },
      latency: { p50: 1.25, p95: 2, p99: 3, max: 4 },
      memory: { heapPerConnection: 20480, rssPerConnection: 51200 },
      pairs: [],
    };
    expect(formatMultiBenchResult(result)).toBe(
      [
        '2 publishers + 2 subscribers on 2 worker threads, 10 messages of 64 bytes at QoS 1 each, as fast as the window takes them',
        'connections: 4 in 200.0 ms (20/s); per pair p50 10.0 ms, p99 12.0 ms, max 12.0 ms',
        'published:   20 in 100.0 ms, 200 msg/s in all; per publisher min 90.0, median 95.0, max 100.0 msg/s',
        'received:    20 in 125.0 ms, 160 msg/s in all; per subscriber min 80.0, median 80.0, max 82.0 msg/s',
        'latency:     p50 1.3 ms, p95 2.0 ms, p99 3.0 ms, max 4.0 ms',
        'memory:      20.0 KB JS heap and 50.0 KB resident per connection',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [0, undefined, 'option --clients must be in 1..100000, got 0'],
    [100001, undefined, 'option --clients must be in 1..100000, got 100001'],
    [10, -1, 'option --threads must be in 0..256, got -1'],
    [undefined, 2, 'option --threads needs --clients'],
  ])('checkMultiBenchFlags(%j, %j) is a usage error', (clients, threads, message) => {
    expect(() => checkMultiBenchFlags(clients, threads)).toThrow(new UsageError(message));
    expect(() => checkMultiBenchFlags(clients, threads)).toThrow(UsageError);
  });
});
