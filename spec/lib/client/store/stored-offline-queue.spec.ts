import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { fileStore, FileStoreFs } from '../../../../adapters/file-store';
import { VirtualBroker } from '../../../../adapters/virtual';
import { memoryStore } from '../../../../adapters/memory-store';
import { createClient } from '../../../../lib/client/create-client';
import type { SessionStore } from '../../../../lib/client/store/session-store';
import type { ClientOptions, MqttClient, PublishResult } from '../../../../lib/client/types';
import { until } from '../../../support/until';
import { disconnectAt, statusLabel, testScheduler, virtualClient } from '../support/harness';
import { at } from '../support/resilience';

const str = (bytes: string | Uint8Array): string => (typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString());
const quiet = { error: () => undefined };

function client(broker: VirtualBroker, store: SessionStore, extra: Partial<ClientOptions> = {}): MqttClient {
  const options: ClientOptions = { transport: broker.transport, clientId: 'dev-1', clean: false, store, storeOfflineQueue: true, reconnect: { initialDelay: 5, maxDelay: 5 } };
  return createClient(Object.assign(options, extra));
}

/** Connects `c`, then takes the broker away: `c` reconnects (and queues) until the broker comes back. */
async function offline(broker: VirtualBroker, c: MqttClient): Promise<void> {
  let status = '';
  c.state$.subscribe((s) => (status = statusLabel(s)));
  await firstValueFrom(c.connect());
  broker.refuseConnections = true;
  broker.cut();
  await until(() => status.startsWith('reconnecting'), 2000, () => status);
}

/** What the store holds for 'dev-1' now (opened and closed again). */
function held(store: SessionStore): { outgoing: string[]; queued: string[] } {
  const session = store.open('dev-1');
  store.close();
  return { outgoing: session.outgoing.map((p) => str(p.payload)), queued: (session.queued || []).map((q) => str(q.payload)) };
}

describe('storeOfflineQueue', () => {
  it('a process that ends while offline leaves its queued QoS 1/2 publications to the next one, which sends them without DUP and reports them on recovered$', async () => {
    const broker = new VirtualBroker();
    const store = memoryStore();
    const first = client(broker, store);
    await offline(broker, first);
    first.publish('t', 'a', { qos: 1 }).subscribe(quiet);
    first.publish('t', 'b', { qos: 2, retain: true }).subscribe(quiet);
    first.publish('t', 'zero', { qos: 0 }).subscribe(quiet); // stays in memory
    await lastValueFrom(first.disconnect()).catch(() => undefined); // its publications fail; their records stay
    expect(held(store)).toEqual({ outgoing: [], queued: ['a', 'b'] });

    broker.refuseConnections = false;
    const sent = broker.received.length;
    const second = client(broker, store);
    const recovered = lastValueFrom(second.recovered$.pipe(toArray()));
    await firstValueFrom(second.connect());
    const results = await recovered;
    expect(results.map((r: PublishResult) => [str(r.message.payload), r.message.qos, r.ok])).toEqual([
      ['a', 1, true],
      ['b', 2, true],
    ]);
    const publishes = broker.received.slice(sent).map((r) => r.packet).filter((p) => p.type === 'publish');
    expect(publishes.map((p) => p.type === 'publish' && [str(p.payload), p.qos, p.retain, p.dup])).toEqual([
      ['a', 1, false, false], // never sent before: no DUP [MQTT-3.3.1-1]
      ['b', 2, true, false],
    ]);
    await lastValueFrom(second.disconnect());
    expect(held(store)).toEqual({ outgoing: [], queued: [] });
  });

  it('without it, the offline queue lives in memory only: the next process has nothing to send', async () => {
    const broker = new VirtualBroker();
    const store = memoryStore();
    const first = client(broker, store, { storeOfflineQueue: false });
    await offline(broker, first);
    first.publish('t', 'a', { qos: 1 }).subscribe(quiet);
    await lastValueFrom(first.disconnect()).catch(() => undefined);
    expect(held(store)).toEqual({ outgoing: [], queued: [] });
    broker.refuseConnections = false;
    const second = client(broker, store, { storeOfflineQueue: false });
    expect(await lastValueFrom(second.recovered$.pipe(toArray()))).toEqual([]);
    await lastValueFrom(second.disconnect().pipe(toArray())).catch(() => undefined);
  });

  it('records a publication and commits before publish() returns; sending turns the record into the outgoing one before the PUBLISH leaves', async () => {
    const broker = new VirtualBroker();
    const inner = memoryStore();
    const log: string[] = [];
    const store: SessionStore = Object.assign({}, inner, {
      putOutgoing: (p: Parameters<SessionStore['putOutgoing']>[0]) => (log.push('put ' + p.packetId), inner.putOutgoing(p)),
      removeOutgoing: (id: number) => (log.push('remove ' + id), inner.removeOutgoing(id)),
      putQueued: (q: Parameters<SessionStore['putQueued']>[0]) => (log.push('queue ' + q.key), inner.putQueued(q)),
      removeQueued: (key: number) => (log.push('unqueue ' + key), inner.removeQueued(key)),
      sendQueued: (key: number, id: number) => (log.push('send ' + key + ' as ' + id), inner.sendQueued(key, id)),
      commit: () => log.push('commit'),
    });
    broker.received$.subscribe((p) => {
      if (p.type === 'publish') log.push('wire publish ' + p.packetId);
    });
    const c = client(broker, store);
    await offline(broker, c);
    log.length = 0;
    c.publish('t', 'a', { qos: 1 }).subscribe(quiet);
    expect(log).toEqual(['queue 1', 'commit']);
    c.publish('t', 'zero').subscribe(quiet);
    expect(log).toEqual(['queue 1', 'commit']); // QoS 0: no record
    broker.refuseConnections = false;
    await until(() => log.indexOf('remove 1') >= 0);
    expect(log.slice(log.indexOf('send 1 as 1'), log.indexOf('wire publish 1') + 1)).toEqual(['send 1 as 1', 'commit', 'wire publish 1']);
    expect(log.filter((op) => op.startsWith('put '))).toEqual([]); // the queued record became the outgoing one
    await lastValueFrom(c.disconnect());
  });

  it('forgets the record of a publication dropped by the overflow policy or whose observer left', async () => {
    const broker = new VirtualBroker();
    const store = memoryStore();
    const first = client(broker, store, { offlineQueue: { limit: 2, overflow: 'drop-oldest' } });
    await offline(broker, first);
    const errors: string[] = [];
    first.publish('t', 'a', { qos: 1 }).subscribe({ error: (e) => errors.push('a ' + e.code) });
    const b = first.publish('t', 'b', { qos: 1 }).subscribe(quiet);
    first.publish('t', 'c', { qos: 2 }).subscribe(quiet); // 'a' is dropped
    b.unsubscribe();
    first.publish('t', 'd', { qos: 1 }).subscribe(quiet);
    expect(errors).toEqual(['a QUEUE_OVERFLOW']);
    await lastValueFrom(first.disconnect()).catch(() => undefined);
    expect(held(store)).toEqual({ outgoing: [], queued: ['c', 'd'] });
  });

  it('a recovered publication the smaller queue refuses ends on recovered$ with QUEUE_OVERFLOW, its record gone', async () => {
    const broker = new VirtualBroker();
    const store = memoryStore();
    const first = client(broker, store);
    await offline(broker, first);
    for (const text of ['a', 'b', 'c']) first.publish('t', text, { qos: 1 }).subscribe(quiet);
    await lastValueFrom(first.disconnect()).catch(() => undefined);
    broker.refuseConnections = false;
    const second = client(broker, store, { offlineQueue: { limit: 2, overflow: 'error' } });
    const recovered = lastValueFrom(second.recovered$.pipe(toArray()));
    await firstValueFrom(second.connect());
    const results = await recovered;
    expect(results.map((r) => [str(r.message.payload), r.ok ? 'ok' : (r.error as { code?: string }).code])).toEqual([
      ['c', 'QUEUE_OVERFLOW'],
      ['a', 'ok'],
      ['b', 'ok'],
    ]);
    await lastValueFrom(second.disconnect());
    expect(held(store)).toEqual({ outgoing: [], queued: [] });
  });

  it('keys of new queued publications continue after the recovered ones; recovered ones go first', async () => {
    const broker = new VirtualBroker();
    const inner = memoryStore();
    const keys: number[] = [];
    const store: SessionStore = Object.assign({}, inner, {
      putQueued: (q: Parameters<SessionStore['putQueued']>[0]) => (keys.push(q.key), inner.putQueued(q)),
    });
    const first = client(broker, store);
    await offline(broker, first);
    first.publish('t', 'a', { qos: 1 }).subscribe(quiet);
    first.publish('t', 'b', { qos: 1 }).subscribe(quiet);
    await lastValueFrom(first.disconnect()).catch(() => undefined);
    broker.refuseConnections = false;
    const sent = broker.received.length;
    const second = client(broker, store);
    const connected = firstValueFrom(second.connect());
    const c = lastValueFrom(second.publish('t', 'c', { qos: 1 })); // queued while the first connect() is under way
    await connected;
    await c;
    expect(keys).toEqual([1, 2, 3]);
    const publishes = broker.received.slice(sent).map((r) => r.packet).filter((p) => p.type === 'publish');
    expect(publishes.map((p) => p.type === 'publish' && str(p.payload))).toEqual(['a', 'b', 'c']);
    await lastValueFrom(second.disconnect());
  });

  it('a store that cannot record a queued publication fails it with STORE_FAILED at once (not queued, not silently lost)', async () => {
    const dir = fs.mkdtempSync(join(tmpdir(), 'rxmqtt-stored-queue-'));
    let full = false;
    const failing: FileStoreFs = Object.assign({}, fs, {
      fsyncSync: ((fd: number) => {
        if (full) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
        fs.fsyncSync(fd);
      }) as typeof fs.fsyncSync,
    });
    try {
      const broker = new VirtualBroker();
      const c = client(broker, fileStore(dir, { fs: failing }));
      await offline(broker, c);
      full = true;
      const error = await lastValueFrom(c.publish('t', 'x', { qos: 1 })).catch((e) => e);
      expect(error).toMatchObject({ name: 'StoreError', code: 'STORE_FAILED', message: expect.stringContaining('EIO') });
      await lastValueFrom(c.disconnect()).catch(() => undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('MQTT 5, in virtual time: a publication that expired while queued loses its record; the others go from queued to outgoing to done', () => {
    testScheduler().run(({ flush }) => {
      const inner = memoryStore();
      const log: string[] = [];
      const store: SessionStore = Object.assign({}, inner, {
        putQueued: (q: Parameters<SessionStore['putQueued']>[0]) => (log.push('queue ' + str(q.payload)), inner.putQueued(q)),
        removeQueued: (key: number) => (log.push('unqueue ' + key), inner.removeQueued(key)),
        sendQueued: (key: number, id: number) => (log.push('send ' + key), inner.sendQueued(key, id)),
        removeOutgoing: (id: number) => (log.push('done ' + id), inner.removeOutgoing(id)),
      });
      const options = { protocolVersion: 5 as const, clean: false, store, storeOfflineQueue: true, reconnect: { initialDelay: 7000, jitter: 0 } };
      const { broker, client: c } = virtualClient(options, { delay: 1 });
      c.connect().subscribe();
      at(1000, () => broker.cut());
      at(1500, () => {
        c.publish('short', 'a', { qos: 1, properties: { messageExpiryInterval: 5 } }).subscribe(quiet);
        c.publish('long', 'b', { qos: 1, properties: { messageExpiryInterval: 60 } }).subscribe(quiet);
      });
      disconnectAt(c, 9000);
      flush();
      expect(log).toEqual(['queue a', 'queue b', 'unqueue 1', 'send 2', 'done 1']);
      expect(broker.packets('publish').map((p) => [p.topic, p.dup])).toEqual([['long', false]]);
    });
  });

  it('QoS 2 publications waiting for a window place (the 20 QoS 2 places taken) are recorded too', async () => {
    const broker = new VirtualBroker();
    const store = memoryStore();
    const c = client(broker, store);
    await firstValueFrom(c.connect());
    broker.answers.pubrec = false;
    for (let i = 0; i < 23; i++) c.publish('t', 'm' + i, { qos: 2 }).subscribe(quiet);
    // 20 in flight (the QoS 2 window), 3 waiting
    await lastValueFrom(c.disconnect({ timeout: 10 })).catch(() => undefined);
    const session = store.open('dev-1');
    store.close();
    expect(session.outgoing).toHaveLength(20);
    expect((session.queued || []).map((q) => [q.key, str(q.payload)])).toEqual([
      [1, 'm20'],
      [2, 'm21'],
      [3, 'm22'],
    ]);
  });
});
