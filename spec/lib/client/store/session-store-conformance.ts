import type { QueuedPublication, SessionStore, StoredPublication } from '../../../../lib/client/store/session-store';

/**
 * How a conformance run gets stores: `fresh()` an empty one, `again()` one over the same
 * state (after the last was closed). Either may resolve asynchronously (a store that must
 * read its state before it can serve the synchronous interface, as IndexedDB's does).
 */
export interface StoreUnderTest {
  fresh(): SessionStore | Promise<SessionStore>;
  again(): SessionStore | Promise<SessionStore>;
}

const te = new TextEncoder();

function pub(packetId: number, qos: 1 | 2, text: string, extra: Partial<StoredPublication> = {}): StoredPublication {
  return Object.assign({ packetId, topic: 'sensors/' + packetId, payload: te.encode(text), qos, retain: false, released: false }, extra);
}

function queued(key: number, qos: 1 | 2, text: string): QueuedPublication {
  return { key, topic: 'queued/' + key, payload: te.encode(text), qos, retain: key % 2 === 0 };
}

/**
 * The contract of a `SessionStore`, as a jest suite any implementation runs against
 * itself: `describeSessionStore('fileStore', { fresh, again })`. It uses jest's `describe`,
 * `beforeEach`, `it` and `expect` (`toEqual`, `toMatch`) only, so a browser page can run it
 * with a small stand-in for them. It checks what the
 * client relies on: what was recorded and committed comes back from `open` after
 * `close`, in first-sending order, with PUBREL state, bytes intact; removals and the
 * clearing of incoming ids hold; queued publications (`storeOfflineQueue`) come back by
 * key and move to outgoing in one step; each client id has its own state.
 */
export function describeSessionStore(name: string, make: () => StoreUnderTest): void {
  describe(name + ' (SessionStore conformance)', () => {
    let stores: StoreUnderTest;
    beforeEach(() => {
      stores = make();
    });

    it('opens empty for a client id it never saw', async () => {
      const store = await stores.fresh();
      expect(store.open('nobody')).toEqual({ outgoing: [], incoming: [] });
      store.close();
    });

    it('gives back outgoing publications in sending order, with qos, retain, PUBREL state and exact bytes', async () => {
      const store = await stores.fresh();
      store.open('c1');
      const binary = pub(7, 2, '', { payload: Uint8Array.of(0, 255, 10, 13), topic: 'grüße/€', retain: true });
      store.putOutgoing(pub(3, 1, 'a'));
      store.putOutgoing(binary);
      store.putOutgoing(pub(1, 2, 'c'));
      store.releaseOutgoing(1);
      store.commit();
      store.close();
      const again = await stores.again();
      const session = again.open('c1');
      expect(session.outgoing).toEqual([pub(3, 1, 'a'), binary, pub(1, 2, 'c', { released: true })]);
      expect(Array.from(session.outgoing[1].payload)).toEqual([0, 255, 10, 13]);
      expect(session.incoming).toEqual([]);
      again.close();
    });

    it('forgets removed publications; an id taken again is a new publication at the end', async () => {
      const store = await stores.fresh();
      store.open('c1');
      store.putOutgoing(pub(1, 1, 'a'));
      store.putOutgoing(pub(2, 1, 'b'));
      store.putOutgoing(pub(3, 2, 'c'));
      store.removeOutgoing(1);
      store.putOutgoing(pub(1, 1, 'd'));
      store.removeOutgoing(3);
      store.removeOutgoing(99); // unknown: no-op
      store.commit();
      store.close();
      const again = await stores.again();
      expect(again.open('c1').outgoing).toEqual([pub(2, 1, 'b'), pub(1, 1, 'd')]);
      again.close();
    });

    it('keeps incoming QoS 2 ids until removed or cleared', async () => {
      const store = await stores.fresh();
      store.open('c1');
      store.putIncoming(9);
      store.putIncoming(4);
      store.putIncoming(65535);
      store.removeIncoming(9);
      store.commit();
      store.close();
      let again = await stores.again();
      expect(again.open('c1').incoming).toEqual([4, 65535]);
      again.clearIncoming();
      again.putIncoming(12);
      again.commit();
      again.close();
      again = await stores.again();
      expect(again.open('c1').incoming).toEqual([12]);
      again.close();
    });

    it('keeps each client id apart', async () => {
      let store = await stores.fresh();
      store.open('a');
      store.putOutgoing(pub(1, 1, 'for a'));
      store.commit();
      store.close();
      store = await stores.again();
      expect(store.open('b')).toEqual({ outgoing: [], incoming: [] });
      store.putIncoming(5);
      store.commit();
      store.close();
      store = await stores.again();
      expect(store.open('a')).toEqual({ outgoing: [pub(1, 1, 'for a')], incoming: [] });
      store.close();
    });

    it('keeps queued publications by key until removed, and turns a sent one into an outgoing one in one step', async () => {
      const store = await stores.fresh();
      store.open('c1');
      store.putOutgoing(pub(5, 1, 'in flight'));
      store.putQueued(queued(1, 1, 'q1'));
      store.putQueued(queued(2, 2, 'q2'));
      store.putQueued(queued(3, 1, 'q3'));
      store.putQueued(queued(4, 1, 'q4'));
      store.removeQueued(2);
      store.removeQueued(77); // unknown: no-op
      store.sendQueued(1, 6);
      store.sendQueued(78, 7); // unknown: no-op
      store.commit();
      store.close();
      let again = await stores.again();
      let session = again.open('c1');
      expect(session.outgoing).toEqual([pub(5, 1, 'in flight'), { packetId: 6, topic: 'queued/1', payload: te.encode('q1'), qos: 1, retain: false, released: false }]);
      expect(session.queued).toEqual([queued(3, 1, 'q3'), queued(4, 1, 'q4')]);
      again.sendQueued(3, 7);
      again.removeQueued(4);
      again.commit();
      again.close();
      again = await stores.again();
      session = again.open('c1');
      expect(session.outgoing.map((p) => p.packetId)).toEqual([5, 6, 7]);
      expect(session.queued === undefined || session.queued.length === 0).toEqual(true);
      again.close();
    });

    it('survives many changes (compaction or not) with the live state intact', async () => {
      const store = await stores.fresh();
      store.open('c1');
      for (let i = 0; i < 5000; i++) {
        const id = (i % 300) + 1;
        store.putOutgoing(pub(id, 2, 'message ' + i + ' ' + 'x'.repeat(200)));
        if (i % 3 === 0) store.releaseOutgoing(id);
        if (i % 300 < 290) store.removeOutgoing(id);
        store.putQueued(queued(i + 1, 1, 'queued ' + i + ' ' + 'y'.repeat(200)));
        if (i % 7 !== 0) store.removeQueued(i + 1);
        else if (i % 2 === 0) store.sendQueued(i + 1, 1000 + i);
        if (i % 100 === 0) store.commit();
      }
      store.close();
      const again = await stores.again();
      const session = again.open('c1');
      const outgoing = session.outgoing;
      expect(outgoing.filter((p) => p.packetId <= 300).map((p) => p.packetId)).toEqual([291, 292, 293, 294, 295, 296, 297, 298, 299, 300]);
      // sent queued ones: every 14th from 0, as outgoing; the odd multiples of 7 stay queued
      expect(outgoing.filter((p) => p.packetId > 300).length).toEqual(Math.ceil(5000 / 14));
      expect((session.queued || []).map((q) => q.key - 1)).toEqual(Array.from({ length: 357 }, (_, k) => 7 + 14 * k).filter((i) => i < 5000));
      const stuck = outgoing.filter((p) => p.packetId <= 300);
      expect(new TextDecoder().decode(stuck[0].payload)).toMatch(/^message 4790 x+$/);
      expect(stuck.map((p) => p.released)).toEqual(stuck.map((p, k) => (4790 + k) % 3 === 0));
      again.close();
    });
  });
}
