import { readBenchOptions } from '../../../bench/support/bench-options';

describe('readBenchOptions', () => {
  it('has the issue defaults: 5 rounds, 100k small and 20k large messages, window 100, 1M burst, every part and contender', () => {
    expect(readBenchOptions([], {})).toEqual({
      rounds: 5,
      messages: 100000,
      largeMessages: 20000,
      window: 100,
      chunkBytes: 65536,
      latencySeconds: 5,
      latencyRate: 1000,
      latencyRounds: 3,
      burst: 1000000,
      warmup: 0.1,
      minRate: 2000,
      contenders: ['rxmqtt', 'mqttjs', 'raw'],
      parts: ['publish', 'subscribe', 'default', 'latency', 'burst'],
      peer: 'native',
    });
  });

  it('takes BENCH_* variables, and flags over them', () => {
    const options = readBenchOptions(['--rounds=3', '--parts=publish,burst'], { BENCH_ROUNDS: '7', BENCH_LARGE_MESSAGES: '500', BENCH_CONTENDERS: 'raw', BENCH_PEER: 'node' });
    expect(options.peer).toBe('node');
    expect(options.rounds).toBe(3);
    expect(options.largeMessages).toBe(500);
    expect(options.contenders).toEqual(['raw']);
    expect(options.parts).toEqual(['publish', 'burst']);
  });

  it.each([
    [['--rounds=0'], '--rounds must be a number >= 1, got "0"'],
    [['--window=x'], '--window must be a number >= 1, got "x"'],
    [['--rounds=2.5'], '--rounds must be a whole number, got "2.5"'],
    [['--contenders=rxmqtt,paho'], '--contenders: unknown "paho" (one of rxmqtt, mqttjs, raw)'],
    [['--parts='], '--parts is empty'],
    [['--peer=rust'], '--peer: unknown "rust" (one of native, node)'],
  ])('rejects %j with a RangeError', (argv, message) => {
    expect(() => readBenchOptions(argv, {})).toThrow(new RangeError(message));
  });

  it("takes a bench's own run sizes over the shared defaults, and BENCH_* variables and flags over those", () => {
    expect(readBenchOptions([], {}, { largeMessages: 100000 }).largeMessages).toBe(100000);
    expect(readBenchOptions([], { BENCH_LARGE_MESSAGES: '500' }, { largeMessages: 100000 }).largeMessages).toBe(500);
    expect(readBenchOptions(['--large-messages=700'], {}, { largeMessages: 100000 }).largeMessages).toBe(700);
    expect(readBenchOptions([], {}, { largeMessages: 100000 }).messages).toBe(100000);
  });

  it('rejects an unknown flag and shows the usage', () => {
    expect(() => readBenchOptions(['--fast'], {})).toThrow(RangeError);
    expect(() => readBenchOptions(['--fast'], {})).toThrow(/^unknown argument "--fast"\nnpm run bench -- throughput/);
  });
});
