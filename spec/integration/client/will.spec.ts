import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import type { MqttClient } from '../../../lib';
import { TransportError } from '../../../lib';
import { until } from '../../support/until';
import { brokerUrl, ClientPool, finalState, settled, sleep, textOf, uniqueTopic } from '../support/client-harness';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';

describe('the last will through mosquitto', () => {
  const pool = new ClientPool();
  let proxy: FaultProxy;
  beforeEach(async () => {
    proxy = await startFaultProxy({ targetPort: Number(process.env.MQTT_TEST_PORT) });
  });
  afterEach(async () => {
    await pool.closeAll();
    await proxy.close();
  });

  /** Client A: connects through the proxy with a will on `topic`. */
  function connectWithWill(topic: string): Promise<MqttClient> {
    return pool.connect({
      url: 'mqtt://127.0.0.1:' + proxy.port,
      will: { topic, payload: 'A is gone', qos: 1 },
    });
  }

  it('is published when the connection drops without DISCONNECT', async () => {
    const topic = uniqueTopic('will');
    const watcher = await pool.connect();
    const box = pool.inbox(watcher.topic(topic, { qos: 1 }));
    await settled(watcher);
    const client = await connectWithWill(topic);
    const ended = finalState(client);

    proxy.cutAll();

    const [will] = await box.take(1);
    expect(will).toEqual({ topic, payload: expect.any(Uint8Array), qos: 1, retain: false, dup: false });
    expect(textOf(will.payload)).toBe('A is gone');
    const state = await ended;
    expect(state.status).toBe('disconnected');
    const error = (state as { error?: TransportError }).error as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECTION_LOST');
  });

  it('is not published after a clean disconnect()', async () => {
    const topic = uniqueTopic('will-suppressed');
    const watcher = await pool.connect();
    const box = pool.inbox(watcher.topic(topic, { qos: 1 }));
    await settled(watcher);
    const client = await connectWithWill(topic);

    await firstValueFrom(client.disconnect(), { defaultValue: undefined });
    expect((await finalState(client)).status).toBe('disconnected');
    // the broker closed its side: it has handled the DISCONNECT (or the drop) by now
    await until(() => proxy.connections === 0, 3000);
    await firstValueFrom(watcher.publish(topic, 'sentinel', { qos: 1 }));
    const [first] = await box.take(1);
    expect(textOf(first.payload)).toBe('sentinel');
  });

  // the WebSocket adapter must let the DISCONNECT out before it closes the socket
  it.each(['ws', 'wss'] as const)('is not published after disconnect() over %s://', async (scheme) => {
    const topic = uniqueTopic('will-suppressed-' + scheme);
    const watcher = await pool.connect();
    const box = pool.inbox(watcher.topic(topic, { qos: 1 }));
    await settled(watcher);
    const client = await pool.connect({
      url: brokerUrl(scheme),
      tls: { ca: readFileSync(String(process.env.MQTT_TEST_CA)) },
      will: { topic, payload: 'gone', qos: 1 },
    });
    await settled(client);
    await firstValueFrom(client.disconnect(), { defaultValue: undefined });
    await sleep(200); // mosquitto publishes a will as soon as it sees the socket close
    await firstValueFrom(watcher.publish(topic, 'sentinel', { qos: 1 }));
    expect(textOf((await box.take(1))[0].payload)).toBe('sentinel');
  });
});
