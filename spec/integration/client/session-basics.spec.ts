import { firstValueFrom } from 'rxjs';
import { ClientClosedError } from '../../../lib';
import { ClientPool, finalState, settled, textOf, uniqueTopic } from '../support/client-harness';

describe('connect, subscribe, publish and disconnect against mosquitto', () => {
  const pool = new ClientPool();
  afterEach(() => pool.closeAll());

  it('connect() emits the CONNACK result and state$ says connected', async () => {
    const client = pool.create();
    const result = await firstValueFrom(client.connect());
    expect(result).toEqual({ sessionPresent: false, reasonCode: 0, properties: {} });
    expect(await firstValueFrom(client.state$)).toEqual({ status: 'connected', sessionPresent: false, attempt: 1 });
  });

  it('connects with an empty client id and a clean session: the broker assigns one [MQTT-3.1.3-6]', async () => {
    const client = await pool.connect({ clientId: '' });
    expect(await settled(client)).toBeGreaterThanOrEqual(0);
  });

  it('carries multi-byte UTF-8 topic names both ways', async () => {
    const parent = uniqueTopic('utf8');
    const topic = parent + '/zß水🍌';
    const client = await pool.connect();
    const box = pool.inbox(client.topic(parent + '/+', { qos: 1 }));
    await settled(client);
    await firstValueFrom(client.publish(topic, 'x', { qos: 1 }));
    expect((await box.take(1))[0].topic).toBe(topic);
  });

  it('resumes a persistent session: sessionPresent true on the second connection with clean false', async () => {
    const clientId = 'rxmqtt-it-persistent-' + Math.random().toString(36).slice(2, 8);
    const first = pool.create({ clientId, clean: false });
    expect(await firstValueFrom(first.connect())).toEqual({ sessionPresent: false, reasonCode: 0, properties: {} });
    await firstValueFrom(first.disconnect(), { defaultValue: undefined });
    const second = pool.create({ clientId, clean: false });
    expect(await firstValueFrom(second.connect())).toEqual({ sessionPresent: true, reasonCode: 0, properties: {} });
    await firstValueFrom(second.disconnect(), { defaultValue: undefined });
    // clean up the broker's stored session
    const cleaner = await pool.connect({ clientId, clean: true });
    await firstValueFrom(cleaner.disconnect(), { defaultValue: undefined });
  });

  it.each([
    [0, 0, 0],
    [0, 1, 0],
    [1, 0, 0],
    [1, 1, 1],
  ] as const)('publish at QoS %d to a QoS %d subscription arrives at QoS %d', async (pubQos, subQos, expected) => {
    const topic = uniqueTopic('qos');
    const subscriber = await pool.connect();
    const box = pool.inbox(subscriber.topic(topic, { qos: subQos }));
    await settled(subscriber);
    const publisher = await pool.connect();
    const result = await firstValueFrom(publisher.publish(topic, 'q' + pubQos, { qos: pubQos }));
    expect(result).toEqual({ message: { topic, payload: 'q' + pubQos, qos: pubQos, retain: false }, ok: true });
    const [message] = await box.take(1);
    expect([message.qos, textOf(message.payload)]).toEqual([expected, 'q' + pubQos]);
  });

  it('sends the SUBSCRIBE of a topic() observed before connect() once connected', async () => {
    const topic = uniqueTopic('early-subscribe');
    const subscriber = pool.create();
    const box = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    await firstValueFrom(subscriber.connect());
    await settled(subscriber);
    const publisher = await pool.connect();
    await firstValueFrom(publisher.publish(topic, 'early', { qos: 1 }));
    expect(textOf((await box.take(1))[0].payload)).toBe('early');
  });

  it('100 QoS 1 publications in flight at once: each gets its PUBACK, all arrive in order', async () => {
    const topic = uniqueTopic('in-flight');
    const subscriber = await pool.connect();
    const box = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    await settled(subscriber);
    const publisher = await pool.connect();
    const sent: string[] = [];
    for (let i = 0; i < 100; i++) sent.push('m' + i);
    const results = await Promise.all(sent.map((text) => firstValueFrom(publisher.publish(topic, text, { qos: 1 }))));
    expect(results.map((r) => [r.ok, r.message.payload])).toEqual(sent.map((text) => [true, text]));
    expect((await box.take(100)).map((m) => textOf(m.payload))).toEqual(sent);
  });

  it('routes wildcard subscriptions: + one level, # the rest', async () => {
    const base = uniqueTopic('wildcards');
    const subscriber = await pool.connect();
    const plus = pool.inbox(subscriber.topic(base + '/+/temp', { qos: 1 }));
    const hash = pool.inbox(subscriber.topic(base + '/a/#', { qos: 1 }));
    await settled(subscriber);
    const publisher = await pool.connect();
    const topics = [base + '/kitchen/temp', base + '/kitchen/humidity', base + '/a/b/temp', base + '/hall/temp'];
    for (let i = 0; i < topics.length; i++) await firstValueFrom(publisher.publish(topics[i], 'x', { qos: 1 }));
    expect((await plus.take(2)).map((m) => m.topic)).toEqual([base + '/kitchen/temp', base + '/hall/temp']);
    expect(hash.values.map((m) => m.topic)).toEqual([base + '/a/b/temp']);
  });

  it('a second observer asking a higher QoS upgrades the shared subscription for both', async () => {
    const topic = uniqueTopic('qos-upgrade');
    const subscriber = await pool.connect();
    const low = pool.inbox(subscriber.topic(topic, { qos: 0 }));
    const high = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    await settled(subscriber);
    const publisher = await pool.connect();
    await firstValueFrom(publisher.publish(topic, 'x', { qos: 1 }));
    expect((await high.take(1))[0].qos).toBe(1);
    expect((await low.take(1))[0].qos).toBe(1);
  });

  it('unsubscribes when the last observer leaves: the broker stops sending', async () => {
    const topic = uniqueTopic('unsubscribe');
    const client = await pool.connect();
    const all = pool.inbox(client.messages$);
    const box = pool.inbox(client.topic(topic, { qos: 1 }));
    await settled(client);
    await firstValueFrom(client.publish(topic, 'before', { qos: 1 }));
    await box.take(1);
    box.stop();
    await settled(client); // the UNSUBSCRIBE went out before this PINGREQ
    await firstValueFrom(client.publish(topic, 'after', { qos: 1 }));
    await settled(client);
    expect(all.values.map((m) => textOf(m.payload))).toEqual(['before']);
  });

  it('disconnect() completes topic() and messages$, ends state$, and later calls error with ClientClosedError', async () => {
    const client = await pool.connect();
    const box = pool.inbox(client.topic(uniqueTopic('disconnect')));
    const all = pool.inbox(client.messages$);
    await settled(client);
    await firstValueFrom(client.disconnect(), { defaultValue: undefined });
    expect(await finalState(client)).toEqual({ status: 'disconnected' });
    expect([box.ended, box.error, all.ended, all.error]).toEqual([true, undefined, true, undefined]);
    const error = await firstValueFrom(client.publish('t', 'x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientClosedError);
    expect((error as ClientClosedError).code).toBe('CLIENT_CLOSED');
    expect((error as ClientClosedError).message).toBe('the client is closed: disconnect() was called');
  });
});
