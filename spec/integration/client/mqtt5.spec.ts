/**
 * The client speaking MQTT 5 (and 3.1) to mosquitto 2: CONNACK properties, publish
 * properties between two rxmqtt clients, PUBACK reason codes, subscription options.
 */
import { firstValueFrom } from 'rxjs';
import { ClientPool, settled, sleep, textOf, uniqueTopic } from '../support/client-harness';

const V5 = { protocolVersion: 5 as const };

describe('the client on MQTT 5 against mosquitto', () => {
  const pool = new ClientPool();
  afterEach(() => pool.closeAll());

  it('connects at level 5: connect() emits reason code 0 and the CONNACK properties, and keeps the assigned client id', async () => {
    const client = pool.create(Object.assign({ clientId: '', properties: { sessionExpiryInterval: 0, topicAliasMaximum: 10 } }, V5));
    const result = await firstValueFrom(client.connect());
    expect(result.reasonCode).toBe(0);
    expect(result.sessionPresent).toBe(false);
    // mosquitto assigns an id to an empty one and says so in its CONNACK
    expect(typeof (result.properties || {}).assignedClientIdentifier).toBe('string');
    expect(await settled(client)).toBeGreaterThanOrEqual(0);
  });

  it('passes publish properties from one rxmqtt client to another, and reports the PUBACK reason code', async () => {
    const topic = uniqueTopic('v5-props');
    const subscriber = await pool.connect(V5);
    const box = pool.inbox(subscriber.topic(topic, { qos: 1 }));
    await settled(subscriber);
    const publisher = await pool.connect(V5);
    const properties = {
      payloadFormatIndicator: true,
      contentType: 'application/json',
      responseTopic: topic + '/reply',
      correlationData: new Uint8Array([1, 2, 3]),
      userProperties: { origin: 'spec', tags: ['a', 'b'] },
      messageExpiryInterval: 60,
    };
    const result = await firstValueFrom(publisher.publish(topic, '{"t":21}', { qos: 1, properties }));
    expect(result.ok).toBe(true);
    expect(result.reasonCode).toBe(0);
    const message = (await box.take(1))[0];
    expect(textOf(message.payload)).toBe('{"t":21}');
    const got = message.properties || {};
    expect(got.contentType).toBe('application/json');
    expect(got.payloadFormatIndicator).toBe(true);
    expect(got.responseTopic).toBe(topic + '/reply');
    expect(Array.from(got.correlationData || [])).toEqual([1, 2, 3]);
    expect(got.userProperties).toEqual({ origin: 'spec', tags: ['a', 'b'] });
    // the broker counts down what the message waited: at most the 60 s given
    expect(got.messageExpiryInterval).toBeLessThanOrEqual(60);
  });

  it('gets PUBACK 0x10 (no matching subscribers) as an ok result with that reason code', async () => {
    const publisher = await pool.connect(V5);
    const result = await firstValueFrom(publisher.publish(uniqueTopic('v5-nobody'), 'x', { qos: 1 }));
    expect(result).toMatchObject({ ok: true, reasonCode: 0x10 });
  });

  it('honours noLocal: the client does not get its own publications back, another client does', async () => {
    const topic = uniqueTopic('v5-nolocal');
    const client = await pool.connect(V5);
    const own = pool.inbox(client.topic(topic, { qos: 1, noLocal: true }));
    const other = await pool.connect(V5);
    const theirs = pool.inbox(other.topic(topic, { qos: 1 }));
    await settled(client);
    await settled(other);
    await firstValueFrom(client.publish(topic, 'mine', { qos: 1 }));
    await firstValueFrom(other.publish(topic, 'yours', { qos: 1 }));
    expect((await theirs.take(2)).map((m) => textOf(m.payload)).sort()).toEqual(['mine', 'yours']);
    await settled(client);
    await sleep(50);
    expect(own.values.map((m) => textOf(m.payload))).toEqual(['yours']);
  });

  it('still speaks MQTT 3.1 (MQIsdp) with protocolVersion 3', async () => {
    const topic = uniqueTopic('v31');
    const client = await pool.connect({ protocolVersion: 3 });
    const box = pool.inbox(client.topic(topic, { qos: 1 }));
    await settled(client);
    await firstValueFrom(client.publish(topic, 'old', { qos: 1 }));
    expect(textOf((await box.take(1))[0].payload)).toBe('old');
  });
});
