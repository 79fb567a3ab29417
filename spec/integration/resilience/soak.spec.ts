import '../../../adapters';
import mqtt from 'mqtt';
import { firstValueFrom } from 'rxjs';
import { createClient } from '../../../lib/client/create-client';
import type { MqttClient } from '../../../lib/client/types';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { sleep, uniqueTopic } from './support/client-probe';

/**
 * Soak: QoS 1 publications at a steady rate through a proxy that cuts every link every
 * few hundred ms and now and then stalls traffic beyond the response timeout; an
 * independent subscriber (MQTT.js, persistent session, QoS 1, connected straight to
 * the broker) must receive every message at least once.
 *
 * `npm test` runs 5,000 messages at 250/s (about 25 s); `npm run soak` a longer run:
 * SOAK_MESSAGES and SOAK_RATE (messages per second) choose it.
 */
const MESSAGES = Number(process.env.SOAK_MESSAGES || 5000);
const RATE = Number(process.env.SOAK_RATE || 250);
const TICK_MS = 20;
const brokerPort = Number(process.env.MQTT_TEST_PORT);

jest.setTimeout(Math.max(60000, (MESSAGES / RATE) * 1000 * 2 + 30000));

describe('soak: QoS 1 through cuts and stalls', () => {
  let proxy: FaultProxy;
  let publisher: MqttClient | undefined;
  let subscriber: mqtt.MqttClient | undefined;

  beforeAll(async () => {
    proxy = await startFaultProxy({ targetPort: brokerPort });
  });

  afterAll(async () => {
    if (publisher) await firstValueFrom(publisher.disconnect()).catch(() => undefined);
    if (subscriber) await subscriber.endAsync(true).catch(() => undefined);
    await proxy.close();
  });

  it('delivers every message at least once (losses 0)', async () => {
    const topic = uniqueTopic('soak');
    const started = Date.now();

    // The independent subscriber: persistent session, QoS 1, not through the proxy.
    const counts = new Uint16Array(MESSAGES);
    let received = 0;
    subscriber = mqtt.connect('mqtt://127.0.0.1:' + brokerPort, {
      clientId: 'rx-soak-sub-' + process.pid + '-' + Math.random().toString(36).slice(2, 8),
      clean: false,
      reconnectPeriod: 100,
    });
    subscriber.on('message', (_topic, payload) => {
      const n = Number(payload.toString());
      if (n >= 0 && n < MESSAGES) counts[n]++;
      received++;
    });
    await subscriber.subscribeAsync(topic, { qos: 1 });

    const pub = createClient({
      url: 'mqtt://127.0.0.1:' + proxy.port,
      clientId: 'rx-soak-pub-' + process.pid,
      clean: false,
      keepalive: 2,
      responseTimeout: 400,
      reconnect: { initialDelay: 20, maxDelay: 200 },
    });
    publisher = pub;
    await firstValueFrom(pub.connect());

    // Faults: cut every 200–500 ms; every 8th fault a 600 ms stall (> responseTimeout) instead.
    let cuts = 0;
    let stalls = 0;
    let faulting = true;
    const faults = (async () => {
      for (let n = 1; faulting; n++) {
        await sleep(200 + Math.floor(Math.random() * 300));
        if (!faulting) break;
        if (n % 8 === 0) {
          stalls++;
          await proxy.stall(600);
        } else if (proxy.connections > 0) {
          cuts++;
          proxy.cutAll();
        }
      }
    })();

    // Steady rate: RATE per second, in ticks of TICK_MS.
    let sent = 0;
    let ok = 0;
    const errors: string[] = [];
    const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
    while (sent < MESSAGES) {
      for (let i = 0; i < perTick && sent < MESSAGES; i++, sent++) {
        pub.publish(topic, String(sent), { qos: 1 }).subscribe({
          next: () => ok++,
          error: (e: { code?: string }) => errors.push(String(e.code)),
        });
      }
      await sleep(TICK_MS);
    }
    const publishedIn = Date.now() - started;
    while (ok + errors.length < MESSAGES && Date.now() - started < publishedIn + 20000) await sleep(50);
    faulting = false;
    await faults;
    // the subscriber has what the broker acknowledged; give the last deliveries a moment
    let distinct = 0;
    const until = Date.now() + 10000;
    do {
      distinct = 0;
      for (let i = 0; i < MESSAGES; i++) if (counts[i] > 0) distinct++;
      if (distinct === MESSAGES) break;
      await sleep(100);
    } while (Date.now() < until);

    const losses = MESSAGES - distinct;
    const duplicates = received - distinct;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const s = pub.stats;
    console.log(
      'soak: ' + MESSAGES + ' messages at ' + RATE + '/s in ' + seconds + ' s: losses ' + losses + ', duplicates ' + duplicates +
        ', publish errors ' + errors.length + '; survived ' + cuts + ' cuts and ' + stalls + ' stalls (' + s.reconnects +
        ' reconnections, ' + s.resends + ' re-sends, ' + s.offlineDrops + ' offline drops)',
    );
    expect(errors).toEqual([]);
    expect(ok).toBe(MESSAGES);
    expect(losses).toBe(0);
    expect(cuts).toBeGreaterThan(0);
    expect(s.reconnects).toBeGreaterThan(0);
  });
});
