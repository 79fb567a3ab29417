import type { SessionStore, StoredSession } from '../lib/client/store/session-store';
import { StoreState } from '../lib/client/store/store-state';

/**
 * A {@link SessionStore} in memory. It outlives a client, not the process: a new
 * client created with the same store (same `clientId`, `clean: false`) re-sends what
 * the previous one left uncompleted (after `disconnect()`, or a client that ended on
 * an error) and reports it on `recovered$`. Each client id has its own state; one
 * client at a time per id. Without a `store` option, a client keeps the same state in
 * its own memory. Runs everywhere, Espruino included.
 *
 * @example
 * ```ts
 * import { memoryStore } from 'rxmqtt/adapters';
 * const store = memoryStore();
 * const client = createClient({ url, clientId: 'a', clean: false, store });
 * ```
 */
export function memoryStore(): SessionStore {
  const sessions: { [clientId: string]: StoreState } = {};
  // before open() and after close() changes go nowhere: a closed client's late removals
  const detached = new StoreState();
  let current: StoreState = detached;
  const state = (): StoreState => current;
  return {
    open(clientId: string): StoredSession {
      const s = sessions[clientId] || (sessions[clientId] = new StoreState());
      current = s;
      return s.snapshot();
    },
    putOutgoing: (p) => state().putOutgoing(p),
    releaseOutgoing: (id) => state().releaseOutgoing(id),
    removeOutgoing: (id) => state().removeOutgoing(id),
    putIncoming: (id) => state().setIncoming(id, true),
    removeIncoming: (id) => state().setIncoming(id, false),
    clearIncoming: () => state().clearIncoming(),
    putQueued: (q) => state().putQueued(q),
    removeQueued: (key) => state().removeQueued(key),
    sendQueued: (key, id) => state().sendQueued(key, id),
    commit: () => undefined,
    close: () => {
      current = detached;
    },
  };
}
