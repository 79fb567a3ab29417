import { main } from '../../examples/mqtt-as-range';
import { RECONNECT_POLICY_ON_MAIN } from '../../examples/support/pending';

describe('examples/mqtt-as-range (seed 001, range.py)', () => {
  it('publishes the count at QoS 1, reports up/down events and prints the pubtest messages', async () => {
    const lines: string[] = [];
    const report = await main({ count: 4, intervalMs: 150, log: (line) => lines.push(line) });
    expect(report.published).toHaveLength(4);
    report.published.forEach((text, n) => expect(text).toMatch(new RegExp('^' + n + ' repubs: \\d+ outages: \\d+$')));
    // With the reconnect policy the example cuts the connection once, halfway.
    const outages = RECONNECT_POLICY_ON_MAIN ? 1 : 0;
    expect(report.published[3]).toMatch(new RegExp('outages: ' + outages + '$'));
    expect(report.downs).toBe(outages);
    expect(report.ups).toBe(1 + outages);
    expect(report.received.length).toBeGreaterThanOrEqual(2);
    report.received.forEach((text) => expect(text).toMatch(/^msg \d+$/));
    expect(report.discards).toBe(0);
    expect(lines[0]).toMatch(/^\(embedded broker on mqtt:\/\/127\.0\.0\.1:\d+/);
    expect(lines[1]).toBe('We are connected to broker.');
  }, 20000);
});
