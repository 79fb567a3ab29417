import { indexedDbStore } from '../../adapters/indexed-db-store';
import { StoreError } from '../../lib/client/store/session-store';

// The store itself runs in Chromium: spec/integration/indexed-db-store.spec.ts (conformance, a page reload, the lock).
describe('indexedDbStore outside a browser', () => {
  it('refuses a name that is not a non-empty string with a TypeError', async () => {
    await expect(indexedDbStore('')).rejects.toThrow(new TypeError('indexedDbStore: name must be a non-empty string'));
    await expect(indexedDbStore(7 as unknown as string)).rejects.toThrow(TypeError);
  });

  it('fails with STORE_FAILED where there is no indexedDB (Node)', async () => {
    const error = await indexedDbStore('db').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_FAILED', message: 'IndexedDB store: no indexedDB here (a browser or a worker has it)' });
  });
});
