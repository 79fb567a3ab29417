import { main } from '../../examples/demo';

describe('examples/demo (npm run demo)', () => {
  it('cuts the connections once; both clients reconnect and every QoS 1 reading arrives, then it ends by itself', async () => {
    const lines: string[] = [];
    const report = await main({ readings: 6, intervalMs: 50, log: (line) => lines.push(line) });
    expect(report.received.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(report.delivered).toBe(6);
    expect(report.cut).toBe(true);
    for (const name of ['publisher', 'subscriber'] as const) {
      const states = report.states[name];
      expect(states.slice(0, 3)).toEqual(['idle', 'connecting (attempt 1)', 'connected (session present: no)']);
      // The outage, then the recovery: 'reconnecting' is followed by a later 'connected'.
      const reconnecting = states.findIndex((s) => /^reconnecting in \d+ ms \(attempt 1\)/.test(s));
      expect(reconnecting).toBeGreaterThan(2);
      expect(states.slice(reconnecting + 1).some((s) => /^connected/.test(s))).toBe(true);
      expect(states[states.length - 1]).toBe('disconnected');
    }
    // The subscriber keeps its session across the outage (clean: false after cleanInit).
    expect(report.states.subscriber).toContain('connected (session present: yes)');
    const cutLine = lines.findIndex((line) => /^--- the broker cuts every connection \(\d+ cut\) ---$/.test(line));
    expect(cutLine).toBeGreaterThan(0);
    expect(lines.slice(cutLine).some((line) => /^\[publisher\] state: reconnecting/.test(line))).toBe(true);
    expect(lines.slice(cutLine).some((line) => /^\[publisher\] state: connected/.test(line))).toBe(true);
    expect(lines.filter((line) => /^\[subscriber\] reading #\d /.test(line)).length).toBeGreaterThanOrEqual(6);
    expect(lines.some((line) => /^\[subscriber\] status\/publisher = online/.test(line))).toBe(true);
    expect(lines[lines.length - 1]).toBe('received 6/6 readings, 6 acknowledged, across one outage');
  }, 20000);
});
