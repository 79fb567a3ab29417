import { firstValueFrom, forkJoin, take, timeout } from 'rxjs';
import { MosquittoTools } from '../support/mosquitto-tools';
import { brokerUrl, ClientPool, sleep, textOf, uniqueTopic } from '../support/client-harness';

const pool = new ClientPool();
const tools = new MosquittoTools();
afterEach(async () => {
  await pool.closeAll();
  tools.stopAll();
});

function port(): string {
  return String(Number(process.env.MQTT_TEST_PORT));
}

describe('delivery at the edges (mosquitto)', () => {
  it('five QoS 1 publishes then disconnect() at once: all five settle ok, and the broker delivered all five', async () => {
    const topic = uniqueTopic('graceful');
    const sub = tools.start('mosquitto_sub', ['-h', '127.0.0.1', '-p', port(), '-t', topic, '-q', '1', '-C', '5', '-d'], { timeoutMs: 8000 });
    await sub.waitForOutput(/SUBACK/);
    const client = await pool.connect({ clientId: uniqueTopic('g').replace(/\//g, '-').slice(-20) });
    const results = forkJoin([1, 2, 3, 4, 5].map((n) => client.publish(topic, 'm' + n, { qos: 1 })));
    const outcome = firstValueFrom(results.pipe(timeout(5000)));
    const bye = await firstValueFrom(client.disconnect().pipe(timeout(5000)));
    expect((await outcome).map((r) => r.ok)).toEqual([true, true, true, true, true]);
    expect(bye).toEqual({ abandoned: [] });
    const done = await sub.exited;
    expect(done.stdout.split('\n').filter((line) => /^m\d$/.test(line))).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('a QoS 1 message whose observer disconnects (clean: false) is acknowledged: the next session gets no redelivery', async () => {
    const topic = uniqueTopic('ack-before-disconnect');
    const clientId = 'ackbd-' + Math.random().toString(36).slice(2, 10);
    const options = { clientId, clean: false, cleanInit: false };
    const first = await pool.connect(options);
    first.topic(topic, { qos: 1 }).subscribe(); // subscribed in the session
    await sleep(300);
    await firstValueFrom(first.disconnect()).catch((e) => {
      throw new Error('first ' + String(e));
    });
    const publisher = await pool.connect({ clientId: clientId + '-pub' });
    await firstValueFrom(publisher.publish(topic, 'once', { qos: 1 }));
    for (let run = 1; run <= 2; run++) {
      const client = pool.create(options);
      const got: string[] = [];
      const closed = new Promise<void>((resolve) =>
        client
          .topic(topic, { qos: 1 })
          .pipe(take(1))
          .subscribe({
            next: (m) => got.push(textOf(m.payload) + (m.dup ? ' (dup)' : '')),
            // also completes when the client ends: disconnect() then errors with CLIENT_CLOSED
            complete: () => client.disconnect().subscribe({ complete: () => resolve(), error: () => resolve() }),
          }),
      );
      await firstValueFrom(client.connect()).catch((e) => {
        throw new Error('run ' + run + ' got ' + JSON.stringify(got) + ': ' + String(e));
      });
      if (run === 1) {
        await closed;
        expect(got).toEqual(['once']);
      } else {
        await sleep(500);
        expect(got).toEqual([]); // before: 'once (dup)' again on every run
        await firstValueFrom(client.disconnect()).catch((e) => {
          throw new Error('final disconnect of run ' + run + ' got ' + JSON.stringify(got) + ': ' + String(e));
        });
      }
    }
  });

  it('a slow QoS 1 observer loses nothing: reads pause, no discards', async () => {
    const topic = uniqueTopic('slow-qos1');
    const client = await pool.connect({ inboundQueue: { limit: 5 } });
    const seen: string[] = [];
    client.topic(topic, { qos: 1 }).subscribe((m) => {
      const until = Date.now() + 2; // a slow observer: 2 ms per message
      while (Date.now() < until);
      seen.push(textOf(m.payload));
    });
    await sleep(200);
    const input = Buffer.from(Array.from({ length: 300 }, (_, i) => 'm' + i).join('\n') + '\n');
    const pub = tools.start('mosquitto_pub', ['-h', '127.0.0.1', '-p', port(), '-t', topic, '-q', '1', '-l'], { input, timeoutMs: 10000 });
    await pub.exited;
    const deadline = Date.now() + 8000;
    while (seen.length < 300 && Date.now() < deadline) await sleep(50);
    expect(seen.length).toBe(300);
    expect(new Set(seen).size).toBe(300);
    expect(client.stats.discards).toBe(0);
  });

  it('observers attached before connect() get what a present session delivers right after CONNACK; stats.unrouted counts the rest', async () => {
    const topic = uniqueTopic('present');
    const clientId = 'present-' + Math.random().toString(36).slice(2, 10);
    const options = { clientId, clean: false, cleanInit: false, url: brokerUrl() };
    const first = await pool.connect(options);
    first.topic(topic + '/#', { qos: 1 }).subscribe();
    await sleep(300);
    await firstValueFrom(first.disconnect());
    const publisher = await pool.connect({ clientId: clientId + '-pub' });
    await firstValueFrom(forkJoin([publisher.publish(topic + '/a', 'a', { qos: 1 }), publisher.publish(topic + '/b', 'b', { qos: 1 })]));
    const client = pool.create(options);
    const got: string[] = [];
    client.topic(topic + '/a', { qos: 1 }).subscribe((m) => got.push(textOf(m.payload))); // observed first
    await firstValueFrom(client.connect());
    await sleep(300);
    expect(got).toEqual(['a']);
    expect(client.stats.unrouted).toBe(1); // b: its filter is in the session, no observer took it
  });

  it.each([false, true])("disconnect({ force: %s }) inside connect()'s next: connect() emits and completes, never errors", async (force) => {
    const client = pool.create();
    const events: string[] = [];
    const closed = new Promise<void>((resolve) =>
      client.connect().subscribe({
        next: () => {
          events.push('next');
          client.disconnect({ force }).subscribe({ complete: () => resolve(), error: () => resolve() });
        },
        error: (e: { code: string }) => events.push('error ' + e.code),
        complete: () => events.push('complete'),
      }),
    );
    await closed;
    await sleep(100); // an error after the value would come now
    expect(events).toEqual(['next', 'complete']);
  });
});
