/**
 * The page of the IndexedDB store's browser spec, bundled for Chromium with the library
 * taken from the built bundles (`/rxmqtt.browser.min.js`, `/rxmqtt-indexeddb-store.browser.min.js`,
 * mapped by the spec's esbuild step). It offers, on `window`:
 * - `runConformance()`: the SessionStore conformance suite against `indexedDbStore`, run
 *   by a small stand-in for jest's `describe`/`beforeEach`/`it`/`expect`;
 * - `publishPending(url, db, clientId, topic, count, settle)`: a client with the store
 *   publishes `count` QoS 1 messages (`m0`..) through `publishAll`; once connected it calls
 *   the spec's `holdBroker()`, which stalls the link, so nothing reaches the broker and all
 *   stay pending. With `settle` it resolves once all are in the store and their
 *   transactions completed; without, it reloads the page from inside the commit that
 *   records the last of them, just before the client writes them (the promise never
 *   resolves: the page goes away);
 * - `deletedUnderClient(url, db, clientId, topic)`: a connected client's database is deleted
 *   (as a user clearing the site's data would); resolves with how its next publication and
 *   `state$` end;
 * - `recover(url, db, clientId)`: a client with the same store, `clientId` and
 *   `clean: false` resolves with the payloads its `recovered$` reported, once it completes.
 */
import { createClient } from '../../../lib/client/create-client';
import { indexedDbStore } from '../../../adapters/indexed-db-store';
import type { IndexedDbSessionStore } from '../../../adapters/indexed-db-store';
import { StoreError } from '../../../lib/client/store/session-store';
import { describeSessionStore } from '../../lib/client/store/session-store-conformance';

type Test = () => unknown;
interface Case {
  name: string;
  run: Test;
  before: Test[];
}

const cases: Case[] = [];
let prefix: string[] = [];
let before: Test[] = [];

/** Equality as jest's toEqual needs it here: plain objects, arrays, Uint8Arrays, primitives. */
function canonical(value: unknown): unknown {
  if (value instanceof Uint8Array) return { Uint8Array: Array.from(value) };
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: { [k: string]: unknown } = {};
    for (const k of Object.keys(value).sort()) out[k] = canonical((value as { [k: string]: unknown })[k]);
    return out;
  }
  return value;
}

const g = globalThis as unknown as { [name: string]: unknown };
g.describe = (name: string, body: () => void): void => {
  const saved = [prefix, before];
  prefix = prefix.concat([name]);
  before = before.slice();
  body();
  [prefix, before] = saved as [string[], Test[]];
};
g.beforeEach = (fn: Test): void => {
  before.push(fn);
};
g.it = (name: string, run: Test): void => {
  cases.push({ name: prefix.concat([name]).join(' > '), run, before: before.slice() });
};
g.expect = (actual: unknown) => ({
  toEqual(expected: unknown): void {
    const a = JSON.stringify(canonical(actual));
    const e = JSON.stringify(canonical(expected));
    if (a !== e) throw new Error('expected ' + e.slice(0, 300) + ', got ' + a.slice(0, 300));
  },
  toMatch(pattern: RegExp): void {
    if (!pattern.test(String(actual))) throw new Error('expected to match ' + String(pattern) + ', got ' + String(actual).slice(0, 100));
  },
});

let databases = 0;
describeSessionStore('indexedDbStore', () => {
  const name = 'conformance-' + ++databases + '-' + Math.random().toString(16).slice(2, 8);
  return { fresh: () => indexedDbStore(name), again: () => indexedDbStore(name) };
});

const w = window as unknown as { [name: string]: unknown };

w.runConformance = async (): Promise<string[]> => {
  const outcomes: string[] = [];
  for (const c of cases) {
    try {
      for (const b of c.before) await b();
      await c.run();
      outcomes.push('ok ' + c.name);
    } catch (e) {
      outcomes.push('FAILED ' + c.name + ': ' + String(e && (e as Error).stack ? (e as Error).stack : e));
    }
  }
  return outcomes;
};

/**
 * Counts the publications put into the store, so the page knows when all are recorded;
 * `reloadAt` reloads the page right after the commit that made that many durable was handed over.
 */
function counting(store: IndexedDbSessionStore, reloadAt: number): { store: IndexedDbSessionStore; puts(): number } {
  let puts = 0;
  const wrapped = Object.assign({}, store, {
    putOutgoing: (p: Parameters<IndexedDbSessionStore['putOutgoing']>[0]) => {
      puts++;
      store.putOutgoing(p);
    },
    commit: () => {
      store.commit();
      if (puts === reloadAt) location.reload(); // the navigation starts once this task (the client's write) ends
    },
  });
  return { store: wrapped, puts: () => puts };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

w.publishPending = async (url: string, db: string, clientId: string, topic: string, count: number, settle: boolean): Promise<string> => {
  const counted = counting(await indexedDbStore(db), settle ? -1 : count);
  const client = createClient({ url, clientId, clean: false, store: counted.store, keepalive: 60, responseTimeout: 60000 });
  await new Promise<void>((resolve, reject) => client.connect().subscribe({ error: reject, complete: resolve }));
  // the spec now stalls the link (exposed by it): what follows reaches no broker
  await (w.holdBroker as () => Promise<void>)();
  const messages = [];
  for (let i = 0; i < count; i++) messages.push({ topic, payload: 'm' + i, qos: 1 as const });
  client.publishAll(messages, { maxInFlight: count }).subscribe({ error: () => undefined });
  // commit() runs before the write of each batch of PUBLISHes
  while (counted.puts() < count) await pause(5);
  if (!settle) await new Promise(() => undefined); // the reload ends this page
  await counted.store.settled();
  return 'pending ' + counted.puts();
};

w.recover = async (url: string, db: string, clientId: string): Promise<{ recovered: string[]; failed: number }> => {
  const store = await indexedDbStore(db);
  const client = createClient({ url, clientId, clean: false, store, keepalive: 10 });
  const recovered: string[] = [];
  let failed = 0;
  const ended = new Promise<void>((resolve) =>
    client.recovered$.subscribe({
      next: (r) => {
        if (r.ok) recovered.push(typeof r.message.payload === 'string' ? r.message.payload : new TextDecoder().decode(r.message.payload));
        else failed++;
      },
      complete: resolve,
    }),
  );
  await new Promise<void>((resolve, reject) => client.connect().subscribe({ error: reject, complete: resolve }));
  await ended;
  await new Promise<void>((resolve) => client.disconnect().subscribe({ complete: resolve, error: () => resolve() }));
  await store.settled();
  return { recovered, failed };
};

w.deletedUnderClient = async (url: string, db: string, clientId: string, topic: string): Promise<string[]> => {
  const store = await indexedDbStore(db);
  const client = createClient({ url, clientId, clean: false, store, keepalive: 10, reconnect: false });
  const seen: string[] = [];
  const code = (e: unknown): string => String((e as { code?: string }).code) + (e instanceof StoreError ? ' (StoreError)' : '');
  client.state$.subscribe((s) => seen.push('state ' + s.status + (s.status === 'disconnected' && s.error ? ' ' + code(s.error) : '')));
  await new Promise<void>((resolve, reject) => client.connect().subscribe({ error: reject, complete: resolve }));
  await new Promise<void>((resolve, reject) => {
    const deleting = indexedDB.deleteDatabase(db);
    deleting.onsuccess = () => resolve();
    deleting.onerror = () => reject(deleting.error);
  });
  await new Promise<void>((resolve) =>
    client.publish(topic, 'after delete', { qos: 1 }).subscribe({
      next: () => seen.push('published'),
      error: (e) => {
        seen.push('publish error ' + code(e));
        resolve();
      },
      complete: resolve,
    }),
  );
  await store.settled().catch((e) => seen.push('settled rejects ' + code(e)));
  return seen;
};

w.ready = true;
