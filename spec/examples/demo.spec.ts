import { main } from '../../examples/demo';

describe('examples/demo (npm run demo)', () => {
  it('delivers every QoS 1 reading to the wildcard subscriber across one cut connection, then ends by itself', async () => {
    const lines: string[] = [];
    const report = await main({ readings: 6, intervalMs: 100, log: (line) => lines.push(line) });
    expect(report.cut).toBe(true);
    expect(report.received.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(report.delivered).toBe(6);
    for (const name of ['publisher', 'subscriber'] as const) {
      const states = report.states[name];
      expect(states[0]).toMatch(/^(idle|connecting)/);
      expect(states.some((s) => /^reconnecting in \d+ ms \(attempt 1\)/.test(s))).toBe(true);
      expect(states.filter((s) => /^connected/.test(s)).length).toBeGreaterThanOrEqual(2);
      expect(states[states.length - 1]).toBe('disconnected');
    }
    expect(lines).toContain('--- the broker cuts every connection (2 cut) ---');
    expect(lines[lines.length - 1]).toBe('received 6/6 readings, 6 acknowledged, across one outage');
  }, 20000);
});
