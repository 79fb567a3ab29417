import { StoreError } from '../lib/client/store/session-store';

/**
 * Takes the Web Lock `name` exclusively for a store (one page, one store at a time per
 * database), waiting up to `waitMs` for a holder to let go: a page being reloaded lets go
 * as it unloads. Resolves with the function that releases it; without the Web Locks API
 * (an old browser, a non-secure page) it resolves at once and locks nothing.
 *
 * Errors: `StoreError` `STORE_LOCKED` when the lock is still held after `waitMs`.
 *
 * @example
 * ```ts
 * const release = await holdStoreLock('rxmqtt-store:mqtt', 2000);
 * // ... use the database, then
 * release();
 * ```
 */
export function holdStoreLock(name: string, waitMs: number): Promise<() => void> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: LockManager }).locks;
  if (locks === undefined) return Promise.resolve(() => undefined);
  return new Promise((resolve, reject) => {
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(), waitMs);
    locks
      .request(name, { mode: 'exclusive', signal: giveUp.signal }, () => {
        clearTimeout(timer);
        // held until release() settles this promise
        return new Promise<void>((letGo) => resolve(() => letGo()));
      })
      .catch((e: unknown) => {
        clearTimeout(timer);
        reject(
          giveUp.signal.aborted
            ? new StoreError('STORE_LOCKED', 'IndexedDB store: database lock "' + name + '" is held by another page or store (waited ' + waitMs + ' ms)')
            : new StoreError('STORE_FAILED', 'IndexedDB store: cannot take lock "' + name + '": ' + String(e), e),
        );
      });
  });
}
