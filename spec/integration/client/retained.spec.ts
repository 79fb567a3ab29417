import { firstValueFrom } from 'rxjs';
import { ClientPool, settled, textOf, uniqueTopic } from '../support/client-harness';

describe('retained messages through mosquitto', () => {
  const pool = new ClientPool();
  afterEach(() => pool.closeAll());

  it('hands a retained message to a subscriber that arrives later, with retain=true', async () => {
    const topic = uniqueTopic('retained');
    const publisher = await pool.connect();
    await firstValueFrom(publisher.publish(topic, 'kept', { qos: 1, retain: true }));

    const late = await pool.connect();
    const box = pool.inbox(late.topic(topic, { qos: 1 }));
    const [message] = await box.take(1);
    expect(message).toEqual({ topic, payload: expect.any(Uint8Array), qos: 1, retain: true, dup: false });
    expect(textOf(message.payload)).toBe('kept');

    // clean up the broker's store for the next run
    await firstValueFrom(publisher.publish(topic, '', { qos: 1, retain: true }));
  });

  it('delivers a retained publication to current subscribers with retain=false [MQTT-3.3.1-9]', async () => {
    const topic = uniqueTopic('retained-live');
    const subscriber = await pool.connect();
    const box = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    await settled(subscriber);

    const publisher = await pool.connect();
    await firstValueFrom(publisher.publish(topic, 'now', { qos: 1, retain: true }));
    const [message] = await box.take(1);
    expect(message.retain).toBe(false);
    expect(textOf(message.payload)).toBe('now');

    await firstValueFrom(publisher.publish(topic, '', { qos: 1, retain: true }));
  });

  it('clears the retained message with an empty retained payload [MQTT-3.3.1-10]', async () => {
    const topic = uniqueTopic('retained-clear');
    const publisher = await pool.connect();
    await firstValueFrom(publisher.publish(topic, 'soon gone', { qos: 1, retain: true }));
    await firstValueFrom(publisher.publish(topic, new Uint8Array(0), { qos: 1, retain: true }));

    const late = await pool.connect();
    const box = pool.inbox(late.topic(topic, { qos: 1 }));
    await settled(late); // SUBACK and any retained message are in by now
    await firstValueFrom(publisher.publish(topic, 'sentinel', { qos: 1 }));
    const [first] = await box.take(1);
    expect(textOf(first.payload)).toBe('sentinel');
    expect(first.retain).toBe(false);
  });

  it('replaces a retained message with the newer one', async () => {
    const topic = uniqueTopic('retained-replace');
    const publisher = await pool.connect();
    await firstValueFrom(publisher.publish(topic, 'old', { retain: true }));
    await firstValueFrom(publisher.publish(topic, 'new', { qos: 1, retain: true }));

    const late = await pool.connect();
    const box = pool.inbox(late.topic(topic));
    await settled(late);
    expect(box.values.map((m) => [textOf(m.payload), m.retain, m.qos])).toEqual([['new', true, 0]]);

    await firstValueFrom(publisher.publish(topic, '', { qos: 1, retain: true }));
  });
});
