import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { TransportError } from '../../../lib';
import type { TlsOptions } from '../../../lib';
import { brokerUrl, ClientPool, settled, textOf, uniqueTopic } from '../support/client-harness';

const ca = readFileSync(String(process.env.MQTT_TEST_CA));
const wrongCa = readFileSync(String(process.env.MQTT_TEST_WRONG_CA));
const url = brokerUrl('mqtts');
const port = Number(process.env.MQTT_TEST_TLS_PORT);

describe('createClient over mqtts:// against mosquitto', () => {
  const pool = new ClientPool();
  afterEach(() => pool.closeAll());

  it('verifies the broker with the given CA, then subscribes, publishes at QoS 1 and receives', async () => {
    const client = await pool.connect({ url, tls: { ca } });
    const topic = uniqueTopic('tls');
    const box = pool.inbox(client.topic(topic, { qos: 1 }));
    await settled(client);
    const result = await firstValueFrom(client.publish(topic, 'over TLS', { qos: 1 }));
    expect(result.ok).toBe(true);
    const [message] = await box.take(1);
    expect(message.qos).toBe(1);
    expect(textOf(message.payload)).toBe('over TLS');
  });

  async function connectError(tls: TlsOptions | undefined): Promise<TransportError> {
    const client = pool.create({ url, tls });
    const error = await firstValueFrom(client.connect()).then(
      () => {
        throw new Error('connected, but TLS verification should have failed');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(await firstValueFrom(client.state$)).toEqual({ status: 'disconnected', error });
    return error as TransportError;
  }

  it('fails with CONNECT_FAILED when the broker certificate is signed by another CA', async () => {
    const error = await connectError({ ca: wrongCa });
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe(
      'cannot connect to 127.0.0.1:' + port + ': TLS verification failed: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)',
    );
  });

  it('verifies by default: without a CA the test certificate is refused', async () => {
    const error = await connectError(undefined);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toMatch(/^cannot connect to 127\.0\.0\.1:\d+: TLS verification failed: .+ \([A-Z_]+\)$/);
  });

  it('connects without a CA only when rejectUnauthorized is false', async () => {
    const client = await pool.connect({ url, tls: { rejectUnauthorized: false } });
    expect(await settled(client)).toBeGreaterThanOrEqual(0);
  });
});
