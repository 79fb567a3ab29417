import '../../../adapters';
import { firstValueFrom } from 'rxjs';
import { createClient } from '../../../lib/client/create-client';
import type { MqttClient } from '../../../lib/client/types';
import { firstWithin, recordStates, sleep, uniqueTopic } from './support/client-probe';

const url = 'mqtt://127.0.0.1:' + process.env.MQTT_TEST_PORT;

/** Blocks the event loop for `ms`, as a slow synchronous observer does. */
function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

describe('a slow observer (MQTT.js #1935)', () => {
  const clients: MqttClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await firstValueFrom(c.disconnect()).catch(() => undefined);
  });

  it('does not cost the connection: keepalive goes on between deliveries, reads pause instead of dropping (no discards)', async () => {
    const topic = uniqueTopic('slow');
    const slow = createClient({ url, clientId: 'rx-slow-' + process.pid, keepalive: 1, responseTimeout: 1000, inboundQueue: { limit: 20 } });
    const fast = createClient({ url, clientId: 'rx-flood-' + process.pid, keepalive: 10 });
    clients.push(slow, fast);
    const states = recordStates(slow);
    let delivered = 0;
    slow.topic(topic).subscribe(() => {
      delivered++;
      busyWait(50); // 100 messages × 50 ms = 5 s of work, > 1.5 × keepalive
    });
    await firstWithin(slow.connect());
    await firstWithin(slow.ping()); // the SUBSCRIBE went out before this PINGREQ, so it is in place
    await firstWithin(fast.connect());
    for (let i = 0; i < 100; i++) fast.publish(topic, 'm' + i).subscribe();
    await sleep(4000);
    for (let waited = 0; delivered < 100 && waited < 3000; waited += 100) await sleep(100);
    expect(delivered).toBe(100);
    expect(slow.stats.discards).toBe(0);
    expect(states.map((s) => s.status)).toEqual(['idle', 'connecting', 'connected']);
    expect(slow.stats.reconnects).toBe(0);
    expect(await firstWithin(slow.ping(), 1000)).toBeLessThan(1000);
  });
});
