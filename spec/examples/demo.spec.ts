import { main } from '../../examples/demo';
import { RECONNECT_POLICY_ON_MAIN } from '../../examples/support/pending';

describe('examples/demo (npm run demo)', () => {
  it('delivers every QoS 1 reading to the wildcard subscriber, prints the state transitions, then ends by itself', async () => {
    const lines: string[] = [];
    const report = await main({ readings: 6, intervalMs: 50, log: (line) => lines.push(line) });
    expect(report.received.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(report.delivered).toBe(6);
    expect(report.cut).toBe(RECONNECT_POLICY_ON_MAIN);
    for (const name of ['publisher', 'subscriber'] as const) {
      const states = report.states[name];
      expect(states.slice(0, 3)).toEqual(['idle', 'connecting (attempt 1)', 'connected (session present: no)']);
      expect(states[states.length - 1]).toBe('disconnected');
      if (RECONNECT_POLICY_ON_MAIN) {
        expect(states.some((s) => /^reconnecting in \d+ ms \(attempt 1\)/.test(s))).toBe(true);
        expect(states.filter((s) => /^connected/.test(s)).length).toBeGreaterThanOrEqual(2);
      } else {
        expect(states).toHaveLength(4);
      }
    }
    expect(lines).toContain('[publisher] state: connected (session present: no)');
    expect(lines.filter((line) => /^\[subscriber\] reading #\d /.test(line))).toHaveLength(6);
    expect(lines.some((line) => /^\[subscriber\] status\/publisher = online/.test(line))).toBe(true);
    expect(lines[lines.length - 1]).toBe('received 6/6 readings, 6 acknowledged' + (RECONNECT_POLICY_ON_MAIN ? ', across one outage' : ''));
  }, 20000);
});
