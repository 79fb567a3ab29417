import { firstValueFrom } from 'rxjs';
import { ClientClosedError, MqttTimeoutError, TransportError } from '../../../lib';
import type { ConnectionState } from '../../../lib';
import { ClientPool, finalState, settled, sleep, uniqueTopic } from '../support/client-harness';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { freePort, MosquittoInstance, startMosquitto } from '../support/mosquitto';

type Disconnected = Extract<ConnectionState, { status: 'disconnected' }>;

describe('connection failures against real sockets (reconnect: false)', () => {
  const pool = new ClientPool();
  let proxy: FaultProxy | undefined;
  let broker: MosquittoInstance | undefined;
  afterEach(async () => {
    await pool.closeAll();
    if (proxy) await proxy.close();
    if (broker) await broker.stop();
    proxy = undefined;
    broker = undefined;
  });

  it('connect() errors with CONNECT_FAILED when nothing listens', async () => {
    const port = await freePort();
    const client = pool.create({ url: 'mqtt://127.0.0.1:' + port });
    const error = (await firstValueFrom(client.connect()).catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe('cannot connect to 127.0.0.1:' + port + ': connect ECONNREFUSED 127.0.0.1:' + port);
    expect(await firstValueFrom(client.state$)).toEqual({ status: 'disconnected', error });
  });

  it('connect() errors with CONNACK_TIMEOUT after responseTimeout when the broker does not answer', async () => {
    proxy = await startFaultProxy({ targetPort: Number(process.env.MQTT_TEST_PORT) });
    void proxy.stall(2000);
    const client = pool.create({ url: 'mqtt://127.0.0.1:' + proxy.port, responseTimeout: 400 });
    const started = Date.now();
    const error = (await firstValueFrom(client.connect()).catch((e: unknown) => e)) as MqttTimeoutError;
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(MqttTimeoutError);
    expect(error.code).toBe('CONNACK_TIMEOUT');
    expect(error.message).toBe('no CONNACK within 400 ms');
    expect(elapsed).toBeGreaterThanOrEqual(400 - 20);
    expect(elapsed).toBeLessThan(400 + 400);
  });

  it('a broker that shuts down ends the client: state$, topic() and messages$ error with CONNECTION_LOST', async () => {
    broker = await startMosquitto();
    const client = await pool.connect({ url: 'mqtt://127.0.0.1:' + broker.port });
    const box = pool.inbox(client.topic(uniqueTopic('broker-gone')));
    const all = pool.inbox(client.messages$);
    await settled(client);
    const ended = finalState(client);

    await broker.stop();
    broker = undefined;

    const state = (await ended) as Disconnected;
    const error = state.error as TransportError;
    expect(state.status).toBe('disconnected');
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECTION_LOST');
    expect(await box.failure()).toBe(error);
    expect(await all.failure()).toBe(error);
    const later = await firstValueFrom(client.publish('t', 'x')).catch((e: unknown) => e);
    expect(later).toBeInstanceOf(ClientClosedError);
    expect((later as ClientClosedError).message).toBe('the client is closed: ' + error.message);
  });

  it('a QoS 1 publication waiting for its PUBACK when the link is cut errors with CONNECTION_LOST', async () => {
    proxy = await startFaultProxy({ targetPort: Number(process.env.MQTT_TEST_PORT) });
    const client = await pool.connect({ url: 'mqtt://127.0.0.1:' + proxy.port });
    void proxy.stall(2000); // the PUBLISH waits in the proxy: no PUBACK
    const outcome = pool.inbox(client.publish(uniqueTopic('in-flight-cut'), 'x', { qos: 1 }));
    await sleep(50);
    expect(outcome.values).toEqual([]);

    proxy.cutAll();

    const error = (await outcome.failure()) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECTION_LOST');
    expect(((await finalState(client)) as Disconnected).error).toBe(error);
  });
});
