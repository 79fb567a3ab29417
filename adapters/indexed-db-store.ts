import { StoreError } from '../lib/client/store/session-store';
import type { QueuedPublication, SessionStore, StoredPublication, StoredSession } from '../lib/client/store/session-store';
import { holdStoreLock } from './indexed-db-lock';
import { ClientState, INCOMING, OUTGOING, openSessionDatabase, OutgoingRecord, QUEUED_BASE, readSessions } from './indexed-db-sessions';

/** Options of {@link indexedDbStore}. */
export interface IndexedDbStoreOptions {
  /**
   * The durability of each commit's transaction: `'strict'` (default) completes once the
   * browser flushed it to disk, so it survives a crash of the browser or the machine;
   * `'relaxed'` completes once the browser has it (survives a reload or a closed tab,
   * not a power loss) and is faster; `'default'` is the browser's choice.
   */
  durability?: IDBTransactionDurability;
  /**
   * Milliseconds to wait for another page (or another store in this one) with the same
   * database to let go before refusing with `STORE_LOCKED` (default 2000: a page being
   * reloaded lets go as it unloads). Needs the Web Locks API; without it, not enforced.
   */
  lockWait?: number;
  /** The IndexedDB factory (default `globalThis.indexedDB`): a worker's, or a test's. */
  indexedDB?: IDBFactory;
}

/** A {@link SessionStore} kept in IndexedDB, with what only an asynchronous store needs. */
export interface IndexedDbSessionStore extends SessionStore {
  /** Resolves once every commit so far is complete in IndexedDB; rejects with the `StoreError` of one that failed. */
  settled(): Promise<void>;
}

const failed = (what: string, cause: unknown): StoreError =>
  new StoreError('STORE_FAILED', 'IndexedDB store: ' + what + ': ' + (cause instanceof Error ? cause.name + ': ' + cause.message : String(cause)), cause);

/**
 * A {@link SessionStore} in the browser's IndexedDB (database `name`, created on first
 * use): a page reloaded, a tab closed and opened again, or the browser restarted, with the
 * same `clientId`, `clean: false` and store, re-sends what was not completed and reports it
 * on `recovered$`. Resolves once the database is open, the lock taken and every client's
 * state read (IndexedDB is asynchronous, the store interface is not, so the state is kept in
 * memory and each `commit()` writes the changes since the last one in one transaction).
 *
 * What it guarantees: each commit's transaction is handed to the browser **before the
 * client's network write** that needs it, and IndexedDB runs transactions in the order they
 * were made. So a page that goes away (reload, navigation, closed tab) leaves every record
 * behind a PUBLISH it sent. The transaction completes shortly after the write: a crash of
 * the browser or the machine in between can lose the last commits (with `durability:
 * 'strict'`, the default, only those not yet complete). A commit that fails (quota
 * exceeded, the database deleted) makes the next `commit()` throw `StoreError`
 * `STORE_FAILED`, which ends the client. One page at a time per database: another one
 * holding it is refused with `STORE_LOCKED` after `lockWait` ms.
 *
 * Errors (the promise): `STORE_FAILED` without IndexedDB (Node) or when the database cannot
 * be opened or read; `STORE_LOCKED`.
 *
 * @example
 * ```ts
 * import { indexedDbStore } from 'rxmqtt/adapters';
 * const store = await indexedDbStore('mqtt-session');
 * const client = createClient({ url: 'wss://broker.example/mqtt', clientId: 'dashboard-1', clean: false, store });
 * client.recovered$.subscribe((r) => console.log('recovered', r.message.topic, r.ok));
 * ```
 */
export async function indexedDbStore(name: string, options: IndexedDbStoreOptions = {}): Promise<IndexedDbSessionStore> {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('indexedDbStore: name must be a non-empty string');
  const factory = options.indexedDB || (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) throw new StoreError('STORE_FAILED', 'IndexedDB store: no indexedDB here (a browser or a worker has it)');
  const durability = options.durability || 'strict';
  const release = await holdStoreLock('rxmqtt-store:' + name, options.lockWait === undefined ? 2000 : options.lockWait);
  let db: IDBDatabase;
  let loaded: { clients: { [clientId: string]: ClientState }; nextSeq: number };
  try {
    db = await openSessionDatabase(factory, name);
    loaded = await readSessions(db);
  } catch (e) {
    release();
    throw e instanceof StoreError ? e : failed('cannot open database "' + name + '"', e);
  }
  // a page deleting or upgrading the database: let it, and fail our next commit
  db.onversionchange = () => db.close();
  const clients = loaded.clients;
  let nextSeq = loaded.nextSeq;
  let clientId: string | null = null;
  let state: ClientState = { outgoing: {}, incoming: {} };
  let closed = false;
  // changes since the last commit: a record (put) or null (delete) per packet id
  let dirtyOut: { [packetId: number]: OutgoingRecord | null } = {};
  let dirtyIn: { [packetId: number]: boolean } = {};
  let clearIn = false;
  let dirty = false;
  let error: StoreError | null = null;
  let last: Promise<void> = Promise.resolve();

  const touchOut = (id: number, record: OutgoingRecord | null): void => {
    if (closed || clientId === null) return;
    dirtyOut[id] = record;
    dirty = true;
  };
  const touchIn = (id: number, on: boolean): void => {
    if (closed || clientId === null) return;
    dirtyIn[id] = on;
    dirty = true;
  };

  const commit = (): void => {
    if (error !== null) throw error;
    if (!dirty || clientId === null) return;
    const cid = clientId;
    let tx: IDBTransaction;
    try {
      tx = db.transaction([OUTGOING, INCOMING], 'readwrite', { durability });
      const out = tx.objectStore(OUTGOING);
      const inc = tx.objectStore(INCOMING);
      if (clearIn) inc.delete(IDBKeyRange.bound([cid, 0], [cid, 65536]));
      for (const id in dirtyIn) {
        if (dirtyIn[id]) inc.put(1, [cid, Number(id)]);
        else inc.delete([cid, Number(id)]);
      }
      for (const id in dirtyOut) {
        const record = dirtyOut[id];
        if (record !== null) out.put(record, [cid, Number(id)]);
        else out.delete([cid, Number(id)]);
      }
      // nothing more goes into it: commit now rather than when this task ends, so it completes sooner
      if (typeof tx.commit === 'function') tx.commit();
    } catch (e) {
      error = failed('cannot write', e);
      throw error;
    }
    dirtyOut = {};
    dirtyIn = {};
    clearIn = false;
    dirty = false;
    const complete = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject((error = error || failed('a commit did not complete', tx.error)));
    });
    complete.catch(() => undefined); // reported by the next commit() and by settled()
    last = last.then(() => complete);
  };

  return {
    open(id: string): StoredSession {
      if (closed) throw new StoreError('STORE_FAILED', 'IndexedDB store "' + name + '" is closed');
      clientId = id;
      state = clients[id] || (clients[id] = { outgoing: {}, incoming: {} });
      const outgoing: StoredPublication[] = [];
      const queued: QueuedPublication[] = [];
      const ids = Object.keys(state.outgoing).map(Number);
      ids.sort((a, b) => state.outgoing[a].seq - state.outgoing[b].seq);
      for (let i = 0; i < ids.length; i++) {
        const r = state.outgoing[ids[i]];
        if (ids[i] > QUEUED_BASE) queued.push({ key: ids[i] - QUEUED_BASE, topic: r.topic, payload: r.payload, qos: r.qos, retain: r.retain });
        else outgoing.push({ packetId: ids[i], topic: r.topic, payload: r.payload, qos: r.qos, retain: r.retain, released: r.released });
      }
      queued.sort((a, b) => a.key - b.key);
      const incoming = Object.keys(state.incoming).map(Number);
      incoming.sort((a, b) => a - b);
      return queued.length > 0 ? { outgoing, incoming, queued } : { outgoing, incoming };
    },
    putOutgoing(p: StoredPublication): void {
      if (closed) return;
      const record: OutgoingRecord = { seq: nextSeq++, topic: p.topic, payload: p.payload, qos: p.qos, retain: p.retain, released: p.released };
      state.outgoing[p.packetId] = record;
      touchOut(p.packetId, record);
    },
    releaseOutgoing(id: number): void {
      const r = state.outgoing[id];
      if (closed || r === undefined) return;
      r.released = true;
      touchOut(id, r);
    },
    removeOutgoing(id: number): void {
      if (closed || state.outgoing[id] === undefined) return;
      delete state.outgoing[id];
      touchOut(id, null);
    },
    putQueued(q: QueuedPublication): void {
      if (closed) return;
      const record: OutgoingRecord = { seq: nextSeq++, topic: q.topic, payload: q.payload, qos: q.qos, retain: q.retain, released: false };
      state.outgoing[QUEUED_BASE + q.key] = record;
      touchOut(QUEUED_BASE + q.key, record);
    },
    removeQueued(key: number): void {
      if (closed || state.outgoing[QUEUED_BASE + key] === undefined) return;
      delete state.outgoing[QUEUED_BASE + key];
      touchOut(QUEUED_BASE + key, null);
    },
    sendQueued(key: number, packetId: number): void {
      const q = state.outgoing[QUEUED_BASE + key];
      if (closed || q === undefined) return;
      // both changes go into the same commit's transaction: queued or outgoing, never both
      delete state.outgoing[QUEUED_BASE + key];
      touchOut(QUEUED_BASE + key, null);
      const record: OutgoingRecord = { seq: nextSeq++, topic: q.topic, payload: q.payload, qos: q.qos, retain: q.retain, released: false };
      state.outgoing[packetId] = record;
      touchOut(packetId, record);
    },
    putIncoming(id: number): void {
      if (closed) return;
      state.incoming[id] = true;
      touchIn(id, true);
    },
    removeIncoming(id: number): void {
      if (closed) return;
      delete state.incoming[id];
      touchIn(id, false);
    },
    clearIncoming(): void {
      if (closed) return;
      state.incoming = {};
      dirtyIn = {};
      clearIn = true;
      dirty = clientId !== null;
    },
    commit,
    close(): void {
      if (closed) return;
      try {
        commit();
      } catch {
        // the client ends anyway; the database keeps its last complete state
      }
      closed = true;
      // IndexedDB closes the connection once its transactions are complete; the lock goes then
      db.close();
      last.then(release, release);
    },
    settled: () => last,
  };
}
