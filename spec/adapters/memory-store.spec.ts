import { memoryStore } from '../../adapters/memory-store';
import type { SessionStore } from '../../lib/client/store/session-store';
import { describeSessionStore } from '../lib/client/store/session-store-conformance';

describeSessionStore('memoryStore', () => {
  let store: SessionStore | null = null;
  return {
    fresh: () => (store = memoryStore()),
    again: () => store as SessionStore,
  };
});

describe('memoryStore', () => {
  it('ignores changes after close (a closed client tearing down)', () => {
    const store = memoryStore();
    store.open('a');
    store.putIncoming(1);
    store.close();
    store.putIncoming(2);
    store.removeIncoming(1);
    expect(store.open('a').incoming).toEqual([1]);
  });
});
