import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import { tcpTransport } from '../../adapters/tcp';
import { createClient } from '../../lib/client/create-client';
import type { MqttClient, OutgoingMessage } from '../../lib/client/types';
import { MosquittoInstance, startMosquitto } from './support/mosquitto';

const port = Number(process.env.MQTT_TEST_PORT);

async function connected(clientId: string, inboundLimit?: number): Promise<MqttClient> {
  const inboundQueue = inboundLimit === undefined ? undefined : { limit: inboundLimit };
  const client = createClient({ transport: tcpTransport({ host: '127.0.0.1', port }), clientId, reconnect: false, inboundQueue });
  await firstValueFrom(client.connect());
  return client;
}

function disconnect(client: MqttClient): Promise<void> {
  return firstValueFrom(client.disconnect(), { defaultValue: undefined }).then(() => undefined);
}

/** `count` QoS `qos` messages numbered in their 4-byte payload, pulled one at a time. */
function* numbered(topic: string, count: number, qos: 0 | 1): Generator<OutgoingMessage> {
  for (let i = 0; i < count; i++) {
    const payload = new Uint8Array(64);
    new DataView(payload.buffer).setUint32(0, i);
    yield { topic, payload, qos };
  }
}

describe('publishAll against mosquitto', () => {
  it('streams 20,000 QoS 1 messages: all acknowledged, in order, and a subscriber receives every one', async () => {
    const count = 20000;
    const topic = 'rxmqtt/publish-all/' + Math.random().toString(36).slice(2);
    const subscriber = await connected('rxmqtt-pa-sub-' + process.pid);
    const publisher = await connected('rxmqtt-pa-pub-' + process.pid);
    try {
      const seen = new Uint8Array(count);
      let received = 0;
      const all = firstValueFrom(
        subscriber.topic(topic, { qos: 1 }).pipe(
          filter((m) => {
            const n = new DataView(m.payload.buffer, m.payload.byteOffset, 4).getUint32(0);
            if (seen[n] === 0) received++;
            seen[n] = 1;
            return received === count;
          }),
          take(1),
          timeout(20000),
        ),
      );
      // let the SUBSCRIBE reach the broker before publishing
      await firstValueFrom(subscriber.ping());
      const started = Date.now();
      const results = await firstValueFrom(publisher.publishAll(numbered(topic, count, 1), { maxInFlight: 100 }).pipe(toArray(), timeout(20000)));
      await all;
      expect(results.length).toBe(count);
      expect(results.every((r) => r.ok)).toBe(true);
      // in source order: result i carries message i
      const order = results.every((r, i) => new DataView((r.message.payload as Uint8Array).buffer).getUint32(0) === i);
      expect(order).toBe(true);
      expect(received).toBe(count);
      expect(Date.now() - started).toBeLessThan(20000);
    } finally {
      await disconnect(publisher);
      await disconnect(subscriber);
    }
  });

  it('streams QoS 0 paced by the socket: every message written and received', async () => {
    const count = 20000;
    const topic = 'rxmqtt/publish-all-0/' + Math.random().toString(36).slice(2);
    // QoS 0 may be dropped by a slow receiver: the subscriber's queue holds the whole
    // run, and the test broker queues QoS 0 without limit (max_queued_messages 0).
    const subscriber = await connected('rxmqtt-pa0-sub-' + process.pid, count);
    const publisher = await connected('rxmqtt-pa0-pub-' + process.pid);
    try {
      let received = 0;
      const all = firstValueFrom(subscriber.topic(topic, { qos: 0 }).pipe(filter(() => ++received === count), take(1), timeout(20000)));
      await firstValueFrom(subscriber.ping());
      const results = await firstValueFrom(publisher.publishAll(numbered(topic, count, 0)).pipe(toArray(), timeout(20000)));
      expect(results.filter((r) => r.ok).length).toBe(count);
      await all;
      expect(received).toBe(count);
      expect(subscriber.stats.discards).toBe(0);
    } finally {
      await disconnect(publisher);
      await disconnect(subscriber);
    }
  });
});

describe('publishAll against a mosquitto with its default configuration', () => {
  let broker: MosquittoInstance;
  beforeAll(async () => {
    broker = await startMosquitto([], false);
  });
  afterAll(() => broker.stop());

  it('streams QoS 1 with no subscriber without stalling on the broker’s Nagle-held PUBACKs', async () => {
    // mosquitto leaves Nagle's algorithm on by default: a client that sends nothing until
    // half its window is back waits for its own delayed ACK (about 40 ms per window), so
    // 100 in flight cap it near 2,300 msg/s; refilling per PUBACK runs several times faster
    const count = 10000;
    const floor = 4000; // msg/s
    const client = createClient({ transport: tcpTransport({ host: '127.0.0.1', port: broker.port }), clientId: 'rxmqtt-pa-default-' + process.pid, reconnect: false });
    await firstValueFrom(client.connect());
    try {
      const started = Date.now();
      const results = await firstValueFrom(
        client.publishAll(numbered('rxmqtt/publish-all-default/' + process.pid, count, 1), { maxInFlight: 100 }).pipe(toArray(), timeout(20000)),
      );
      const rate = count / ((Date.now() - started) / 1000);
      expect(results.filter((r) => r.ok).length).toBe(count);
      expect(rate).toBeGreaterThan(floor);
    } finally {
      await disconnect(client);
    }
  });
});
