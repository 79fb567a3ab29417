import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { VirtualBroker } from '../../../../adapters/virtual';
import { memoryStore } from '../../../../adapters/memory-store';
import { fileStore, FileStoreFs } from '../../../../adapters/file-store';
import { createClient } from '../../../../lib/client/create-client';
import type { SessionStore } from '../../../../lib/client/store/session-store';
import type { MqttClient, MqttMessage, PublishResult } from '../../../../lib/client/types';
import { statusLabel } from '../support/harness';

const tick = (ms = 2): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const str = (bytes: string | Uint8Array): string => (typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString());
const quiet = { error: () => undefined };

function client(broker: VirtualBroker, store: SessionStore): MqttClient {
  return createClient({ transport: broker.transport, clientId: 'dev-1', clean: false, store });
}

describe('a client with a store', () => {
  it('a new client with the same store re-sends what the last one left: PUBLISH (DUP) before PUBREC, PUBREL after; recovered$ tells how each ended', async () => {
    const broker = new VirtualBroker();
    const store = memoryStore();
    const first = client(broker, store);
    await firstValueFrom(first.connect());
    broker.answers.puback = false;
    broker.answers.pubcomp = false;
    first.publish('t', 'a', { qos: 1 }).subscribe(quiet);
    first.publish('t', 'b', { qos: 2 }).subscribe(quiet); // gets PUBREC: PUBREL sent, PUBCOMP missing
    await tick();
    broker.answers.pubrec = false;
    first.publish('t', 'c', { qos: 2 }).subscribe(quiet); // no PUBREC
    first.publish('t', 'done', { qos: 0 }).subscribe(quiet);
    await tick();
    broker.cut(); // the process "dies": nothing more of it runs
    await tick();
    await lastValueFrom(first.disconnect()).catch(() => undefined);
    Object.assign(broker.answers, { puback: true, pubrec: true, pubcomp: true });
    const sent = broker.received.length;

    const second = client(broker, store);
    const recovered = lastValueFrom(second.recovered$.pipe(toArray()));
    await firstValueFrom(second.connect());
    const results = await recovered;
    expect(results.map((r: PublishResult) => [str(r.message.payload), r.message.qos, r.ok])).toEqual([
      ['a', 1, true],
      ['b', 2, true],
      ['c', 2, true],
    ]);
    const resent = broker.received.slice(sent).map((r) => r.packet);
    expect(resent.slice(1, 4)).toEqual([
      { type: 'publish', topic: 't', payload: Uint8Array.from(Buffer.from('a')), qos: 1, retain: false, dup: true, packetId: 1 },
      { type: 'pubrel', packetId: 2 },
      { type: 'publish', topic: 't', payload: Uint8Array.from(Buffer.from('c')), qos: 2, retain: false, dup: true, packetId: 3 },
    ]);
    expect(second.stats.resends).toBe(3);
    // late observers get the results again, and completion
    expect(await lastValueFrom(second.recovered$.pipe(toArray()))).toHaveLength(3);
    await lastValueFrom(second.disconnect());
    expect(store.open('dev-1')).toEqual({ outgoing: [], incoming: [] });
  });

  it('commits the store before every network write: no PUBLISH, PUBREC or PUBREL leaves before its record', async () => {
    const broker = new VirtualBroker();
    const inner = memoryStore();
    const log: string[] = [];
    let uncommitted: string[] = [];
    const note = (op: string): void => {
      uncommitted.push(op);
    };
    const store: SessionStore = {
      open: (id) => inner.open(id),
      putOutgoing: (p) => (note('put ' + p.packetId), inner.putOutgoing(p)),
      releaseOutgoing: (id) => (note('release ' + id), inner.releaseOutgoing(id)),
      removeOutgoing: (id) => (note('remove ' + id), inner.removeOutgoing(id)),
      putIncoming: (id) => (note('in ' + id), inner.putIncoming(id)),
      removeIncoming: (id) => (note('in-done ' + id), inner.removeIncoming(id)),
      clearIncoming: () => inner.clearIncoming(),
      putQueued: (q) => (note('queue ' + q.key), inner.putQueued(q)),
      removeQueued: (key) => (note('unqueue ' + key), inner.removeQueued(key)),
      sendQueued: (key, id) => (note('send ' + key + ' as ' + id), inner.sendQueued(key, id)),
      commit: () => {
        if (uncommitted.length > 0) log.push('commit ' + uncommitted.join(', '));
        uncommitted = [];
      },
      close: () => inner.close(),
    };
    broker.received$.subscribe((p) => {
      if (p.type === 'publish' || p.type === 'pubrec' || p.type === 'pubrel') log.push('wire ' + p.type + ' ' + p.packetId);
    });
    const c = client(broker, store);
    c.topic('in', { qos: 2 }).subscribe({ error: () => undefined });
    await firstValueFrom(c.connect());
    broker.answers.pubrel = false;
    await lastValueFrom(c.publish('t', 'out', { qos: 2 }));
    broker.publish('in', 'x', { qos: 2 });
    await tick();
    const inboundId = broker.packets('pubrec')[0].packetId;
    expect(log).toEqual([
      'commit put 2', // (packet id 1 went to the SUBSCRIBE)
      'wire publish 2',
      'commit release 2',
      'wire pubrel 2',
      'commit remove 2, in ' + inboundId, // the removal rides along with the next write
      'wire pubrec ' + inboundId,
    ]);
    await lastValueFrom(c.disconnect());
  });

  it('recovered$ completes at once when the store held nothing', async () => {
    const broker = new VirtualBroker();
    expect(await lastValueFrom(client(broker, memoryStore()).recovered$.pipe(toArray()))).toEqual([]);
  });

  it('inbound QoS 2: a re-sent PUBLISH whose id the last process answered with PUBREC is not delivered again', async () => {
    const broker = new VirtualBroker();
    const store = memoryStore();
    const first = client(broker, store);
    const seen: string[] = [];
    const collect = (m: MqttMessage): number => seen.push(str(m.payload));
    first.topic('t', { qos: 2 }).subscribe({ next: collect, error: () => undefined });
    await firstValueFrom(first.connect());
    broker.answers.pubrel = false;
    broker.publish('t', 'once', { qos: 2 });
    await tick();
    const id = broker.packets('pubrec')[0].packetId;
    await lastValueFrom(first.disconnect());

    const second = client(broker, store);
    second.topic('t', { qos: 2 }).subscribe({ next: collect, error: () => undefined });
    await firstValueFrom(second.connect());
    const again = { type: 'publish' as const, topic: 't', payload: Uint8Array.from(Buffer.from('once')), qos: 2 as const, retain: false, dup: true, packetId: id };
    broker.send(again);
    await tick();
    expect(seen).toEqual(['once']);
    expect(broker.packets('pubrec').map((p) => p.packetId)).toEqual([id, id]);
    broker.send({ type: 'pubrel', packetId: id });
    await tick();
    expect(broker.packets('pubcomp').map((p) => p.packetId)).toEqual([id]);
    broker.send(Object.assign({}, again, { payload: Uint8Array.from(Buffer.from('next')), dup: false })); // the id is free again: a new message
    await tick();
    expect(seen).toEqual(['once', 'next']);
    await lastValueFrom(second.disconnect());
  });

  it('a store that cannot write ends the client with STORE_FAILED: on state$ and on the publication, nothing silently lost', async () => {
    const dir = fs.mkdtempSync(join(tmpdir(), 'rxmqtt-client-store-'));
    let full = false;
    const failing: FileStoreFs = Object.assign({}, fs, {
      writeSync: ((...args: Parameters<typeof fs.writeSync>) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return (fs.writeSync as (...a: unknown[]) => number)(...args);
      }) as typeof fs.writeSync,
    });
    try {
      const broker = new VirtualBroker();
      const c = client(broker, fileStore(dir, { fs: failing }));
      const states: string[] = [];
      c.state$.subscribe((s) => states.push(statusLabel(s)));
      await firstValueFrom(c.connect());
      full = true;
      const error = await lastValueFrom(c.publish('t', 'x', { qos: 1 })).catch((e) => e);
      expect(error).toMatchObject({ name: 'StoreError', code: 'STORE_FAILED', message: expect.stringContaining('ENOSPC') });
      expect(states).toEqual(['idle', 'connecting', 'connected', 'disconnected:STORE_FAILED']);
      expect(broker.packets('publish')).toEqual([]); // never sent without its record
      expect(fs.existsSync(join(dir, 'lock'))).toBe(false); // released
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('createClient refuses a store another client holds (STORE_LOCKED) and a value that is no store (TypeError)', () => {
    const dir = fs.mkdtempSync(join(tmpdir(), 'rxmqtt-client-store-'));
    try {
      const broker = new VirtualBroker();
      client(broker, fileStore(dir));
      expect(() => client(broker, fileStore(dir))).toThrow(expect.objectContaining({ code: 'STORE_LOCKED' }));
      expect(() => client(broker, {} as SessionStore)).toThrow(new TypeError('store must be a SessionStore (memoryStore(), fileStore(dir), ...): it has no open() method'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
