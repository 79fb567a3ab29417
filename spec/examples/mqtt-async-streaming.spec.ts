import { main } from '../../examples/mqtt-async-streaming';

describe('examples/mqtt-async-streaming (seed 003)', () => {
  it('delivers every message in order, one PUBACK at a time and streamed', async () => {
    const runs = await main({ count: 300, size: 64, maxInFlight: 16, log: () => undefined });
    expect(runs.map((r) => r.mode)).toEqual(['one at a time', 'streaming']);
    for (const run of runs) {
      expect(run.delivered).toBe(300);
      expect(run.inOrder).toBe(true);
      expect(run.perSecond).toBeGreaterThan(0);
    }
  }, 20000);
});
