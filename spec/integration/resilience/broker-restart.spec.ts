import '../../../adapters';
import { firstValueFrom } from 'rxjs';
import { createClient } from '../../../lib/client/create-client';
import type { MqttClient, PublishResult } from '../../../lib/client/types';
import { errorCode, firstWithin, recordStates, sleep, waitForState } from './support/client-probe';
import { PersistentBroker, startPersistentBroker } from './support/persistent-broker';

describe('a broker restart with persistence (clean: false)', () => {
  let broker: PersistentBroker;
  let client: MqttClient | undefined;

  beforeEach(async () => {
    broker = await startPersistentBroker();
  });

  afterEach(async () => {
    if (client) await firstValueFrom(client.disconnect()).catch(() => undefined);
    client = undefined;
    await broker.dispose();
  });

  it('resumes the session (sessionPresent, no new SUBSCRIBE needed) and completes the QoS 1 publication in flight', async () => {
    const c = createClient({
      url: 'mqtt://127.0.0.1:' + broker.port,
      clientId: 'rx-restart-' + process.pid,
      clean: false,
      keepalive: 5,
      responseTimeout: 700,
      reconnect: { initialDelay: 100, maxDelay: 400 },
    });
    client = c;
    const states = recordStates(c);
    const seen: string[] = [];
    c.topic('restart/#', { qos: 1 }).subscribe((m) => seen.push(m.topic + '=' + Buffer.from(m.payload).toString()));
    expect((await firstWithin(c.connect())).sessionPresent).toBe(false);
    await firstWithin(c.publish('restart/a', 'before', { qos: 1 })); // SUBACK came before this PUBACK
    await broker.savedAfter(Date.now() + 1); // the autosave wrote the session with its subscription

    broker.freeze(); // the PUBLISH below reaches the socket, its PUBACK never comes
    let result: PublishResult | undefined;
    let failure: unknown;
    c.publish('restart/b', 'in flight', { qos: 1 }).subscribe({ next: (r) => (result = r), error: (e) => (failure = e) });
    await sleep(300);
    await broker.kill();
    await sleep(500); // reconnecting against a closed port
    expect(result).toBeUndefined();
    await broker.start();

    const back = await waitForState(c, (s) => s.status === 'connected' && c.stats.reconnects >= 1, 8000);
    expect(back.status === 'connected' && back.sessionPresent).toBe(true);
    const deadline = Date.now() + 5000;
    while (result === undefined && failure === undefined && Date.now() < deadline) await sleep(20);
    expect(failure).toBeUndefined();
    expect(result && result.ok).toBe(true);
    expect(c.stats.resends).toBeGreaterThanOrEqual(1);
    await sleep(200);
    // delivered through the subscription the broker restored (the client did not subscribe again)
    expect(seen).toEqual(['restart/a=before', 'restart/b=in flight']);
    const outages = states.filter((s) => s.status === 'reconnecting').map(errorCode);
    expect(outages[0]).toBe('CONNECTION_LOST'); // the kill came before the PUBACK deadline
  });
});
