import { main } from '../../examples/mqtt-as-range';

describe('examples/mqtt-as-range (seed 001, range.py)', () => {
  it('publishes the count at QoS 1 across one outage, reports the down and the up again, and prints the pubtest messages', async () => {
    const lines: string[] = [];
    const report = await main({ count: 4, intervalMs: 150, log: (line) => lines.push(line) });
    expect(report.published).toHaveLength(4);
    report.published.forEach((text, n) => expect(text).toMatch(new RegExp('^' + n + ' repubs: \\d+ outages: \\d+$')));
    // The example cuts the connection once, halfway (publication 2): the client comes back by itself.
    expect(report.published[1]).toMatch(/outages: 0$/);
    expect(report.published[3]).toMatch(/outages: 1$/);
    expect(report.downs).toBe(1);
    expect(report.ups).toBe(2);
    const cut = lines.indexOf('(the example cuts the connection to show an outage)');
    expect(cut).toBeGreaterThan(0);
    expect(lines.indexOf('WiFi or broker is down.', cut)).toBeGreaterThan(cut);
    expect(lines.indexOf('We are connected to broker.', lines.indexOf('WiFi or broker is down.', cut))).toBeGreaterThan(cut);
    expect(report.received.length).toBeGreaterThanOrEqual(2);
    report.received.forEach((text) => expect(text).toMatch(/^msg \d+$/));
    expect(report.discards).toBe(0);
    expect(lines[0]).toMatch(/^\(embedded broker on mqtt:\/\/127\.0\.0\.1:\d+/);
    expect(lines[1]).toBe('We are connected to broker.');
  }, 20000);
});
