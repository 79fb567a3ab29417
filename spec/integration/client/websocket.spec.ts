import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import type { ClientOptions } from '../../../lib';
import { TransportError } from '../../../lib';
import { brokerUrl, ClientPool, settled, textOf, uniqueTopic } from '../support/client-harness';

const ca = readFileSync(String(process.env.MQTT_TEST_CA));
const wrongCa = readFileSync(String(process.env.MQTT_TEST_WRONG_CA));

describe('createClient over WebSocket against mosquitto', () => {
  const pool = new ClientPool();
  afterEach(() => pool.closeAll());

  const cases: Array<[string, Partial<ClientOptions>]> = [
    ['ws://127.0.0.1:PORT/mqtt', { url: brokerUrl('ws') }],
    ['wss://127.0.0.1:PORT/mqtt', { url: brokerUrl('wss'), tls: { ca } }],
  ];

  it.each(cases)('%s: subscribes, publishes at QoS 1 and receives', async (_name, options) => {
    const client = await pool.connect(options);
    const topic = uniqueTopic('ws');
    const box = pool.inbox(client.topic(topic, { qos: 1 }));
    await settled(client);
    const payload = new Uint8Array(4096);
    for (let i = 0; i < payload.length; i++) payload[i] = i & 0xff;
    expect((await firstValueFrom(client.publish(topic, payload, { qos: 1 }))).ok).toBe(true);
    expect((await firstValueFrom(client.publish(topic, 'text', { qos: 1 }))).ok).toBe(true);
    const [binary, text] = await box.take(2);
    expect(binary.qos).toBe(1);
    expect(Buffer.compare(Buffer.from(binary.payload), Buffer.from(payload))).toBe(0);
    expect(textOf(text.payload)).toBe('text');
  });

  it('wss:// with the wrong CA fails with CONNECT_FAILED', async () => {
    const client = pool.create({ url: brokerUrl('wss'), tls: { ca: wrongCa } });
    const error = (await firstValueFrom(client.connect()).then(
      () => undefined,
      (e: unknown) => e,
    )) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe(
      'cannot connect to ' + brokerUrl('wss') + ': TLS verification failed: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)',
    );
  });

  it('ws:// and mqtt:// clients talk to each other through one broker', async () => {
    const wsClient = await pool.connect({ url: brokerUrl('ws') });
    const tcpClient = await pool.connect();
    const topic = uniqueTopic('ws-tcp');
    const box = pool.inbox(wsClient.topic(topic, { qos: 1 }));
    await settled(wsClient);
    await firstValueFrom(tcpClient.publish(topic, 'from tcp', { qos: 1 }));
    expect(textOf((await box.take(1))[0].payload)).toBe('from tcp');
  });
});
