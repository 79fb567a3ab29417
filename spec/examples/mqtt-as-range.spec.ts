import { main } from '../../examples/mqtt-as-range';

describe('examples/mqtt-as-range (seed 001, range.py)', () => {
  it('publishes the count at QoS 1 through an outage, reporting up/down and pubtest messages', async () => {
    const lines: string[] = [];
    const report = await main({ count: 4, intervalMs: 200, log: (line) => lines.push(line) });
    expect(report.published).toHaveLength(4);
    report.published.forEach((text, n) => expect(text).toMatch(new RegExp('^' + n + ' repubs: \\d+ outages: \\d+$')));
    expect(report.published[3]).toMatch(/outages: 1$/);
    expect(report.downs).toBe(1);
    expect(report.ups).toBe(2);
    expect(report.received.length).toBeGreaterThanOrEqual(1);
    report.received.forEach((text) => expect(text).toMatch(/^msg \d+$/));
    expect(lines).toContain('We are connected to broker.');
    expect(lines).toContain('WiFi or broker is down.');
  }, 20000);
});
