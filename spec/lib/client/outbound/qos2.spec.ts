import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import type { PublishPacket } from '../../../../lib/codec/packet';
import type { PublishResult } from '../../../../lib/client/types';
import { DEFAULT_MAX_QOS2_IN_FLIGHT } from '../../../../lib/client/outbound/outbound-window';
import { connectAt, disconnectAt, LETTERS, receivedLetters, shaped, testScheduler, virtualClient } from '../support/harness';

const ok = (payload: string): PublishResult => ({ message: { topic: 't', payload, qos: 2, retain: false }, ok: true });
import { until } from '../../../support/until';
const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const payloads = (packets: PublishPacket[]): string[] => packets.map((p) => Buffer.from(p.payload).toString());

describe('QoS 2 publishing [MQTT-4.3.3]', () => {
  it('PUBLISH, PUBREC, PUBREL, PUBCOMP: the result comes with PUBCOMP', () => {
    testScheduler().run(({ expectObservable }) => {
      // the broker answers after 3 ms: PUBLISH at 4, PUBREC and the client's PUBREL at 7, PUBCOMP at 10
      const { broker, client } = virtualClient({}, { delay: 3 });
      expectObservable(receivedLetters(broker)).toBe('C---P--L----D', LETTERS);
      connectAt(client, 0);
      expectObservable(client.publish('t', 'a', { qos: 2 }), '----^').toBe('----------(r|)', { r: ok('a') });
      disconnectAt(client, 12);
    });
  });

  it('fails with PUBREC_TIMEOUT, or PUBCOMP_TIMEOUT after PUBREC, without reconnect', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ reconnect: false, responseTimeout: 5 });
      broker.answers.pubrec = false;
      connectAt(client, 0);
      expectObservable(shaped(client.publish('t', 'a', { qos: 2 })), '-^').toBe('------#', undefined, {
        name: 'MqttTimeoutError', code: 'PUBREC_TIMEOUT', message: 'no PUBREC for packet 1 within 5 ms',
      });
      disconnectAt(client, 10);
    });
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ reconnect: false, responseTimeout: 5 });
      broker.answers.pubcomp = false;
      connectAt(client, 0);
      expectObservable(shaped(client.publish('t', 'a', { qos: 2 })), '-^').toBe('------#', undefined, {
        name: 'MqttTimeoutError', code: 'PUBCOMP_TIMEOUT', message: 'no PUBCOMP for packet 1 within 5 ms',
      });
      disconnectAt(client, 10);
    });
  });

  it('after a reconnect re-sends PUBLISH with DUP before PUBREC, PUBREL after it [MQTT-4.4.0-1]', async () => {
    const { broker, client } = virtualClient({ clean: false, reconnect: { initialDelay: 1, jitter: 0 } });
    broker.answers.pubrec = false;
    await firstValueFrom(client.connect());
    const first = lastValueFrom(client.publish('t', 'before PUBREC', { qos: 2 }));
    await tick(5);
    broker.answers.pubrec = true;
    broker.answers.pubcomp = false;
    const second = lastValueFrom(client.publish('t', 'after PUBREC', { qos: 2 }));
    await tick(5);
    expect(broker.packets('pubrel').map((p) => p.packetId)).toEqual([2]);
    broker.answers.pubcomp = true;
    broker.cut();
    expect(await first).toEqual(ok('before PUBREC'));
    expect(await second).toEqual(ok('after PUBREC'));
    const publishes = broker.packets('publish');
    expect(publishes.map((p) => [p.packetId, p.dup])).toEqual([[1, false], [2, false], [1, true]]);
    // PUBREL 2 again on the new connection; PUBREL 1 once the re-sent PUBLISH got its PUBREC
    expect(broker.packets('pubrel').map((p) => p.packetId)).toEqual([2, 2, 1]);
    expect(client.stats.resends).toBe(2);
    await lastValueFrom(client.disconnect());
  });

  it(`keeps at most ${DEFAULT_MAX_QOS2_IN_FLIGHT} QoS 2 publications in flight; the rest leave in order as PUBCOMPs come`, async () => {
    const { broker, client } = virtualClient();
    broker.answers.pubcomp = false;
    await firstValueFrom(client.connect());
    const results: string[] = [];
    const push = { next: (r: PublishResult) => results.push(String(r.message.payload)), error: () => undefined };
    for (let i = 0; i < 25; i++) client.publish('t', 'm' + i, { qos: 2 }).subscribe(push);
    client.publish('t', 'q1', { qos: 1 }).subscribe((r) => results.push(String(r.message.payload)));
    await until(() => results.length > 0);
    await tick(5);
    expect(payloads(broker.packets('publish'))).toEqual([...Array.from({ length: 20 }, (_, i) => 'm' + i), 'q1']);
    expect(results).toEqual(['q1']); // QoS 1 is not held up by the QoS 2 limit
    for (const id of [3, 1]) broker.send({ type: 'pubcomp', packetId: id });
    await until(() => results.length === 3 && broker.packets('publish').length === 23);
    expect(payloads(broker.packets('publish')).slice(21)).toEqual(['m20', 'm21']);
    expect(results).toEqual(['q1', 'm2', 'm0']);
    await lastValueFrom(client.disconnect());
  });

  it('publishAll: QoS 2 counts in the window, results in order, each message sent once', async () => {
    const { broker, client } = virtualClient();
    await firstValueFrom(client.connect());
    const messages = Array.from({ length: 300 }, (_, i) => ({ topic: 't', payload: 'n' + i, qos: (i % 3 === 0 ? 1 : 2) as 1 | 2 }));
    const results = await lastValueFrom(client.publishAll(messages, { maxInFlight: 50 }).pipe(toArray()));
    expect(results.map((r) => r.ok && r.message.payload)).toEqual(messages.map((m) => m.payload));
    expect(payloads(broker.packets('publish')).sort()).toEqual(messages.map((m) => m.payload).sort());
    expect(broker.packets('pubrel')).toHaveLength(200);
    await lastValueFrom(client.disconnect());
  });

  it('ignores a PUBREC or PUBCOMP for an id it does not know or does not await', async () => {
    const { broker, client } = virtualClient();
    broker.answers.puback = false;
    await firstValueFrom(client.connect());
    const settled: PublishResult[] = [];
    client.publish('t', 'q1', { qos: 1 }).subscribe((r) => settled.push(r));
    await tick(2);
    broker.send({ type: 'pubrec', packetId: 1 });
    broker.send({ type: 'pubcomp', packetId: 1 });
    broker.send({ type: 'pubrec', packetId: 77 });
    await tick(2);
    expect(settled).toEqual([]);
    expect(broker.packets('pubrel')).toEqual([]);
    broker.send({ type: 'puback', packetId: 1 });
    await tick(2);
    expect(settled).toHaveLength(1);
    await lastValueFrom(client.disconnect());
  });

  it('publishAll unsubscribed: its QoS 2 messages in flight still complete their handshake (the broker holds their ids)', async () => {
    const { broker, client } = virtualClient();
    broker.answers.pubrec = false;
    await firstValueFrom(client.connect());
    const messages = [1, 2, 3].map((i) => ({ topic: 't', payload: 'm' + i, qos: 2 as const }));
    const subscription = client.publishAll(messages).subscribe();
    await tick(5);
    subscription.unsubscribe();
    for (const p of broker.packets('publish')) broker.send({ type: 'pubrec', packetId: p.packetId as number });
    await tick(5);
    expect(broker.packets('pubrel').map((p) => p.packetId)).toEqual([1, 2, 3]);
    await lastValueFrom(client.disconnect());
  });

  it('waits in the offline queue while reconnecting and completes on the next connection', async () => {
    const { broker, client } = virtualClient({ reconnect: { initialDelay: 30, jitter: 0 } });
    await firstValueFrom(client.connect());
    broker.cut();
    await tick(5);
    const result = lastValueFrom(client.publish('t', 'queued', { qos: 2 }));
    expect(broker.packets('publish')).toEqual([]);
    expect(await result).toEqual(ok('queued'));
    expect(broker.packets('publish').map((p) => [p.qos, p.dup])).toEqual([[2, false]]);
    expect(broker.packets('pubrel')).toHaveLength(1);
    await lastValueFrom(client.disconnect());
  });
});

describe('QoS 2 receiving', () => {
  it('answers PUBREL with PUBCOMP also for an id it does not hold, and forgets held ids when the broker starts a new session', async () => {
    const { broker, client } = virtualClient({ clean: true, reconnect: { initialDelay: 1, jitter: 0 } });
    const seen: string[] = [];
    client.messages$.subscribe((m) => seen.push(Buffer.from(m.payload).toString()));
    await firstValueFrom(client.connect());
    broker.answers.pubrel = false; // packet 7 stays held
    const incoming = (payload: string, dup: boolean): PublishPacket => ({ type: 'publish', topic: 't', payload: Uint8Array.from(Buffer.from(payload)), qos: 2, retain: false, dup, packetId: 7 });
    broker.send({ type: 'pubrel', packetId: 3 });
    broker.send(incoming('first', false));
    broker.send(incoming('first', true));
    await tick(5);
    expect(broker.packets('pubcomp').map((p) => p.packetId)).toEqual([3]);
    expect(broker.packets('pubrec').map((p) => p.packetId)).toEqual([7, 7]);
    expect(seen).toEqual(['first']);
    broker.cut(); // a clean session: the broker forgot packet 7, so a PUBLISH with id 7 is new
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'connected')));
    broker.send(incoming('second', false));
    await tick(5);
    expect(seen).toEqual(['first', 'second']);
    await lastValueFrom(client.disconnect());
  });
});
