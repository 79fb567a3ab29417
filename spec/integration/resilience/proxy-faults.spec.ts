import { firstValueFrom, map, take, toArray } from 'rxjs';
import '../../../adapters';
import { createClient } from '../../../lib/client/create-client';
import type { ClientOptions, MqttClient } from '../../../lib/client/types';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { errorCode, firstWithin, recordStates, sleep, uniqueTopic, waitForState } from './support/client-probe';

const brokerPort = Number(process.env.MQTT_TEST_PORT);

describe('reconnection through a fault-injecting proxy (mosquitto)', () => {
  let proxy: FaultProxy;
  let client: MqttClient | undefined;

  beforeEach(async () => {
    proxy = await startFaultProxy({ targetPort: brokerPort });
  });

  afterEach(async () => {
    if (client) await firstValueFrom(client.disconnect()).catch(() => undefined);
    client = undefined;
    await proxy.close();
  });

  function connectClient(options: Partial<ClientOptions>): MqttClient {
    client = createClient(
      Object.assign(
        {
          url: 'mqtt://127.0.0.1:' + proxy.port,
          keepalive: 5,
          responseTimeout: 500,
          reconnect: { initialDelay: 50, maxDelay: 400 },
        },
        options,
      ),
    );
    return client;
  }

  it('cutAll: reconnects, restores the subscription and messages flow again', async () => {
    const c = connectClient({ clientId: 'rx-cut-' + process.pid });
    const topic = uniqueTopic('cut');
    const received = c.topic(topic, { qos: 1 }).pipe(map((m) => Buffer.from(m.payload).toString()), take(2), toArray());
    const all = firstValueFrom(received);
    await firstWithin(c.connect());
    await firstWithin(c.publish(topic, 'before', { qos: 1 }));
    proxy.cutAll();
    const down = await waitForState(c, (s) => s.status === 'reconnecting');
    expect(errorCode(down)).toBe('CONNECTION_LOST');
    await waitForState(c, (s) => s.status === 'connected');
    await firstWithin(c.publish(topic, 'after', { qos: 1 }));
    expect(await all).toEqual(['before', 'after']);
    expect(c.stats.reconnects).toBe(1);
  });

  it('stall: no PINGRESP within the response timeout is a dead link; it reconnects once traffic flows', async () => {
    // keepalive 2 s: the PINGREQ leaves at 2 s and its answer is late at 2.5 s, while mosquitto
    // drops a client it has heard nothing from at 3 s (1.5 x keepalive); with keepalive 1 s
    // both fell at 1.5 s and a busy machine sometimes saw the broker's close first.
    const c = connectClient({ clientId: 'rx-stall-ping-' + process.pid, keepalive: 2 });
    const states = recordStates(c);
    await firstWithin(c.connect());
    await proxy.stall(3000);
    await waitForState(c, (s) => s.status === 'connected' && c.stats.reconnects >= 1, 5000);
    const codes = states.filter((s) => s.status === 'reconnecting').map(errorCode);
    expect(codes[0]).toBe('PINGRESP_TIMEOUT');
    expect(await firstWithin(c.ping())).toBeGreaterThanOrEqual(0);
  });

  it('stall: a PUBACK missing for the response timeout reconnects and re-sends; publish() completes', async () => {
    const c = connectClient({ clientId: 'rx-stall-puback-' + process.pid, clean: false });
    const states = recordStates(c);
    const topic = uniqueTopic('stall');
    const seen: string[] = [];
    c.topic(topic, { qos: 1 }).subscribe((m) => seen.push(Buffer.from(m.payload).toString()));
    await firstWithin(c.connect());
    await firstWithin(c.publish(topic, 'warm-up', { qos: 1 })); // its PUBACK follows the SUBACK
    const stalled = proxy.stall(1500);
    const result = await firstWithin(c.publish(topic, 'through the stall', { qos: 1 }), 8000);
    await stalled;
    expect(result.ok).toBe(true);
    expect(states.filter((s) => s.status === 'reconnecting').map(errorCode)[0]).toBe('PUBACK_TIMEOUT');
    expect(c.stats.resends).toBeGreaterThanOrEqual(1);
    await sleep(200);
    expect(seen).toContain('through the stall');
  });

  it('refuseNew: backs off with growing delays while the broker is unreachable, then recovers', async () => {
    const c = connectClient({ clientId: 'rx-refuse-' + process.pid, reconnect: { initialDelay: 100, maxDelay: 1600, jitter: 0 } });
    const states = recordStates(c);
    await firstWithin(c.connect());
    await proxy.refuseNew(true);
    proxy.cutAll();
    await waitForState(c, (s) => s.status === 'reconnecting' && s.attempt >= 4, 5000);
    const queued = firstWithin(c.publish(uniqueTopic('refuse'), 'queued while refused', { qos: 1 }), 8000);
    await proxy.refuseNew(false);
    await waitForState(c, (s) => s.status === 'connected' && c.stats.reconnects === 1, 5000);
    expect((await queued).ok).toBe(true);
    const waits = states.filter((s) => s.status === 'reconnecting');
    expect(waits.slice(0, 4).map((s) => (s.status === 'reconnecting' ? [s.attempt, s.nextDelay, errorCode(s)] : []))).toEqual([
      [1, 100, 'CONNECTION_LOST'],
      [2, 200, 'CONNECT_FAILED'],
      [3, 400, 'CONNECT_FAILED'],
      [4, 800, 'CONNECT_FAILED'],
    ]);
  });
});
