import { ReportPublisher } from '../../../lib/gateway/report-publisher';
import { FakeClient } from './support/fake-client';

describe('ReportPublisher', () => {
  const to = { topic: 'gw_errors', retain: true, qos: 1 as const };
  const now = (): number => Date.UTC(2024, 4, 1, 12, 0, 0);

  it('publishes the body as JSON with a timestamp, at the destination QoS and retain', () => {
    const client = new FakeClient();
    new ReportPublisher(client, 2, now).publish(to, { code: 'X', message: 'm' });
    expect(client.publications.map((p) => [p.topic, p.payload, p.qos, p.retain])).toEqual([
      ['gw_errors', '{"time":"2024-05-01T12:00:00.000Z","code":"X","message":"m"}', 1, true],
    ]);
  });

  it('publishes nothing to a null destination', () => {
    const client = new FakeClient();
    new ReportPublisher(client, 2, now).publish(null, { code: 'X' });
    expect(client.publications).toEqual([]);
  });

  it('drops and counts reports over its in-flight bound, and failed ones', () => {
    const client = new FakeClient();
    client.autoSettle = false;
    const reports = new ReportPublisher(client, 2, now);
    for (let i = 0; i < 5; i++) reports.publish(to, { n: i });
    expect(client.publications.length).toBe(2);
    expect(reports.dropped).toBe(3);
    client.publications[0].settle(true);
    client.publications[1].settle(false);
    expect(reports.dropped).toBe(4);
    reports.publish(to, { n: 5 });
    expect(client.publications.length).toBe(3);
  });

  it('counts a report the client refuses at call time as dropped, without throwing', () => {
    const client = new FakeClient();
    client.publish = () => {
      throw new RangeError('client closed');
    };
    const reports = new ReportPublisher(client, 2, now);
    expect(() => reports.publish(to, { n: 1 })).not.toThrow();
    expect(reports.dropped).toBe(1);
    reports.publish(to, { n: 2 });
    reports.publish(to, { n: 3 });
    expect(reports.dropped).toBe(3);
  });
});
