import { firstValueFrom } from 'rxjs';
import type { MqttClient } from '../../../lib';
import { until } from '../../support/until';
import { ClientPool, settled, textOf, uniqueTopic } from '../support/client-harness';

describe('overlapping filters and $SYS through mosquitto', () => {
  const pool = new ClientPool();
  afterEach(() => pool.closeAll());

  async function publishAndSettle(publisher: MqttClient, subscriber: MqttClient, topics: string[]): Promise<void> {
    for (let i = 0; i < topics.length; i++) await firstValueFrom(publisher.publish(topics[i], topics[i], { qos: 1 }));
    await firstValueFrom(subscriber.publish(topics[0] + '/end', 'end', { qos: 1 }));
  }

  it('gives a/+ and a/# each one copy of every message they match', async () => {
    const base = uniqueTopic('overlap');
    const subscriber = await pool.connect();
    const plus = pool.inbox(subscriber.topic(base + '/+', { qos: 1 }));
    const hash = pool.inbox(subscriber.topic(base + '/#', { qos: 1 }));
    const all = pool.inbox(subscriber.messages$);
    await settled(subscriber);

    const publisher = await pool.connect();
    await publishAndSettle(publisher, subscriber, [base + '/x', base + '/x/deep', base]);
    await hash.take(4); // x, x/deep, base itself [MQTT-4.7.1-2], x/end
    await settled(subscriber);

    expect(plus.values.map((m) => m.topic)).toEqual([base + '/x']);
    expect(hash.values.map((m) => m.topic)).toEqual([base + '/x', base + '/x/deep', base, base + '/x/end']);
    expect(hash.values.map((m) => textOf(m.payload))).toEqual([base + '/x', base + '/x/deep', base, 'end']);
    // mosquitto 2.0 sends a client one PUBLISH however many of its subscriptions match:
    // the fan-out to both filters is the client's router
    expect(all.values.map((m) => m.topic)).toEqual([base + '/x', base + '/x/deep', base, base + '/x/end']);
  });

  it('keeps two observers of one filter on one subscription, each getting every message', async () => {
    const topic = uniqueTopic('overlap-same');
    const subscriber = await pool.connect();
    const first = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    const second = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    const all = pool.inbox(subscriber.messages$);
    await settled(subscriber);

    const publisher = await pool.connect();
    await firstValueFrom(publisher.publish(topic, 'one', { qos: 1 }));
    await first.take(1);
    await second.take(1);
    await settled(subscriber);
    expect(first.values.length).toBe(1);
    expect(second.values.length).toBe(1);
    expect(all.values.length).toBe(1);
  });

  it('does not hand $SYS topics to a # subscriber, while $SYS/# gets them [MQTT-4.7.2-1]', async () => {
    const subscriber = await pool.connect();
    const everything = pool.inbox(subscriber.topic('#'));
    const sys = pool.inbox(subscriber.topic('$SYS/broker/version'));
    await settled(subscriber);
    const [version] = await sys.take(1); // retained by mosquitto
    expect(version.topic).toBe('$SYS/broker/version');
    expect(textOf(version.payload)).toMatch(/^mosquitto version \d/);

    const sentinel = uniqueTopic('sys-sentinel');
    await firstValueFrom(subscriber.publish(sentinel, 'x', { qos: 1 }));
    await until(() => everything.values.some((m) => m.topic === sentinel), 3000);
    expect(everything.values.filter((m) => m.topic.charAt(0) === '$').map((m) => m.topic)).toEqual([]);
  });
});
