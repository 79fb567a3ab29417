import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import { createClient } from '../../lib';
import type { MqttClient } from '../../lib';

const url = (): string => 'mqtt://127.0.0.1:' + Number(process.env.MQTT_TEST_PORT);
const base = 'rxmqtt-it/client/' + Math.random().toString(36).slice(2, 10);

describe('the client against mosquitto over TCP', () => {
  let client: MqttClient;
  // Every client a test makes, disconnected after it (a reconnecting client would keep jest alive).
  let made: MqttClient[];
  const make = (options: Parameters<typeof createClient>[0]): MqttClient => {
    const c = createClient(options);
    made.push(c);
    return c;
  };

  beforeEach(() => {
    made = [];
    // Each test is about one connection: no reconnect policy (it is on by default).
    client = make({ url: url(), keepalive: 10, responseTimeout: 5000, reconnect: false });
  });

  afterEach(async () => {
    for (let i = 0; i < made.length; i++) {
      await firstValueFrom(made[i].disconnect(), { defaultValue: undefined }).catch(() => undefined);
    }
  });

  it('connects, subscribes with a wildcard, round-trips QoS 0 and QoS 1, and disconnects', async () => {
    const states: string[] = [];
    client.state$.subscribe((s) => states.push(s.status));
    expect(await firstValueFrom(client.connect())).toEqual({ sessionPresent: false, reasonCode: 0, properties: {} });
    const received = firstValueFrom(client.topic(base + '/+/temp', { qos: 1 }).pipe(take(2), toArray(), timeout(5000)));
    // the SUBACK comes before any publication below is routed: ping() is answered after it, in order
    await firstValueFrom(client.ping());
    const zero = await firstValueFrom(client.publish(base + '/kitchen/temp', '21.5'));
    const one = await firstValueFrom(client.publish(base + '/cellar/temp', Uint8Array.of(0, 1, 255), { qos: 1 }));
    await firstValueFrom(client.publish(base + '/cellar/humidity', 'not routed', { qos: 1 }));
    expect([zero.ok, one.ok]).toEqual([true, true]);
    const messages = await received;
    expect(messages.map((m) => [m.topic, Array.from(m.payload), m.qos, m.retain, m.dup])).toEqual([
      [base + '/kitchen/temp', Array.from(Buffer.from('21.5')), 0, false, false],
      [base + '/cellar/temp', [0, 1, 255], 1, false, false],
    ]);
    expect(await firstValueFrom(client.ping())).toBeGreaterThanOrEqual(0);
    await firstValueFrom(client.disconnect());
    expect(states).toEqual(['idle', 'connecting', 'connected', 'disconnected']);
  });

  it('delivers a QoS 1 message to messages$ and to every overlapping topic() observer', async () => {
    await firstValueFrom(client.connect());
    const all = firstValueFrom(client.messages$.pipe(take(1), timeout(5000)));
    const plus = firstValueFrom(client.topic(base + '/o/+', { qos: 1 }).pipe(take(1), timeout(5000)));
    const hash = firstValueFrom(client.topic(base + '/#', { qos: 1 }).pipe(take(1), timeout(5000)));
    await firstValueFrom(client.ping());
    await firstValueFrom(client.publish(base + '/o/x', 'both', { qos: 1 }));
    const [m, p, h] = await Promise.all([all, plus, hash]);
    expect([m.topic, p.topic, h.topic]).toEqual([base + '/o/x', base + '/o/x', base + '/o/x']);
  });

  it('refuses a connection attempt to a closed port with CONNECT_FAILED', async () => {
    const lonely = make({ url: 'mqtt://127.0.0.1:1', responseTimeout: 2000, reconnect: false });
    const error = await firstValueFrom(lonely.connect()).catch((e: { code?: string }) => e);
    expect((error as { code?: string }).code).toBe('CONNECT_FAILED');
    // With reconnect: false the client ends there instead of retrying.
    expect((await firstValueFrom(lonely.state$)).status).not.toBe('reconnecting');
  });
});
