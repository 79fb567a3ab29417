/**
 * The layout of an IndexedDB store's database and the reading of it: object store
 * `outgoing` holds one {@link OutgoingRecord} per publication not completed and
 * `incoming` the QoS 2 ids awaiting PUBREL, both keyed `[clientId, packetId]`; a queued
 * publication never sent (`storeOfflineQueue`) is an outgoing record keyed
 * `[clientId, QUEUED_BASE + key]`, so the database layout (version 1) is unchanged.
 */

/** Outgoing records above this id are queued publications: key `QUEUED_BASE + key`. */
export const QUEUED_BASE = 65535;

/** An outgoing publication as a record: `seq` keeps the first sending order. */
export interface OutgoingRecord {
  seq: number;
  topic: string;
  payload: Uint8Array;
  qos: 1 | 2;
  retain: boolean;
  released: boolean;
}

/** What one client id holds, as read (the store then keeps it in memory). */
export interface ClientState {
  outgoing: { [packetId: number]: OutgoingRecord };
  incoming: { [packetId: number]: boolean };
}

/** The object stores, keyed `[clientId, packetId]`: outgoing records, and incoming QoS 2 ids (value 1). */
export const OUTGOING = 'outgoing';
export const INCOMING = 'incoming';

/** Turns an IndexedDB request into a promise. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Opens IndexedDB database `name`, creating it (version 1) with the two object stores.
 * Rejects with the request's error (`DOMException`) when it cannot be opened.
 *
 * @example
 * ```ts
 * const db = await openSessionDatabase(indexedDB, 'mqtt-session');
 * ```
 */
export function openSessionDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  const request = factory.open(name, 1);
  request.onupgradeneeded = () => {
    request.result.createObjectStore(OUTGOING);
    request.result.createObjectStore(INCOMING);
  };
  return done(request);
}

/**
 * Reads every client's state in one read-only transaction over both object stores, and the
 * next free sequence number. Rejects with the request's error when a read fails.
 *
 * @example
 * ```ts
 * const { clients, nextSeq } = await readSessions(db);
 * ```
 */
export function readSessions(db: IDBDatabase): Promise<{ clients: { [clientId: string]: ClientState }; nextSeq: number }> {
  const tx = db.transaction([OUTGOING, INCOMING], 'readonly');
  const clients: { [clientId: string]: ClientState } = {};
  const client = (id: string): ClientState => clients[id] || (clients[id] = { outgoing: {}, incoming: {} });
  const out = tx.objectStore(OUTGOING);
  const inc = tx.objectStore(INCOMING);
  return Promise.all([done(out.getAllKeys()), done(out.getAll()), done(inc.getAllKeys())]).then(([outKeys, records, inKeys]) => {
    let nextSeq = 0;
    for (let i = 0; i < outKeys.length; i++) {
      const key = outKeys[i] as [string, number];
      const record = records[i] as OutgoingRecord;
      client(key[0]).outgoing[key[1]] = record;
      nextSeq = Math.max(nextSeq, record.seq + 1);
    }
    for (let i = 0; i < inKeys.length; i++) {
      const key = inKeys[i] as [string, number];
      client(key[0]).incoming[key[1]] = true;
    }
    return { clients, nextSeq };
  });
}
