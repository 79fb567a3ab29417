import { asapScheduler, asyncScheduler } from 'rxjs';
import * as nodeDefaults from '../../../../lib/client/shared/default-schedulers';
import * as browserDefaults from '../../../../lib/client/shared/default-schedulers.browser';

describe('default schedulers', () => {
  it("are RxJS's asyncScheduler and asapScheduler outside the browser bundle (TestScheduler.run virtualizes them)", () => {
    expect(nodeDefaults.defaultScheduler).toBe(asyncScheduler);
    expect(nodeDefaults.defaultFlushScheduler).toBe(asapScheduler);
  });

  it('have a browser variant with the same exports', () => {
    expect(Object.keys(browserDefaults).sort()).toEqual(Object.keys(nodeDefaults).sort());
  });
});

describe('default schedulers, browser variant', () => {
  const { defaultScheduler, defaultFlushScheduler } = browserDefaults;
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('tell the time in ms since the epoch', () => {
    const before = Date.now();
    expect(defaultScheduler.now()).toBeGreaterThanOrEqual(before);
    expect(defaultFlushScheduler.now()).toBeLessThanOrEqual(Date.now());
  });

  it('defaultScheduler runs work with its state on a timer, after the current microtasks', async () => {
    const seen: string[] = [];
    defaultScheduler.schedule((state) => seen.push('timer ' + state), 0, 'a');
    void Promise.resolve().then(() => seen.push('microtask'));
    expect(seen).toEqual([]);
    await tick(5);
    expect(seen).toEqual(['microtask', 'timer a']);
  });

  it('defaultScheduler honours the delay', async () => {
    const seen: number[] = [];
    defaultScheduler.schedule(() => seen.push(2), 20);
    defaultScheduler.schedule(() => seen.push(1), 1);
    await tick(10);
    expect(seen).toEqual([1]);
    await tick(30);
    expect(seen).toEqual([1, 2]);
  });

  it('defaultFlushScheduler runs delay-0 work in a microtask, in order, and longer delays on a timer', async () => {
    const seen: string[] = [];
    defaultFlushScheduler.schedule(() => seen.push('timer'), 1);
    defaultFlushScheduler.schedule((state) => seen.push('first ' + state), 0, 1);
    defaultFlushScheduler.schedule((state) => seen.push('second ' + state), undefined, 2);
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual(['first 1', 'second 2']);
    await tick(10);
    expect(seen).toEqual(['first 1', 'second 2', 'timer']);
  });

  it('never run work whose action was unsubscribed', async () => {
    const seen: string[] = [];
    defaultScheduler.schedule(() => seen.push('timer'), 0).unsubscribe();
    defaultScheduler.schedule(() => seen.push('timer later'), 5).unsubscribe();
    defaultFlushScheduler.schedule(() => seen.push('microtask'), 0).unsubscribe();
    const kept = defaultFlushScheduler.schedule(() => seen.push('kept'), 0);
    expect(kept.closed).toBe(false);
    await tick(10);
    expect(seen).toEqual(['kept']);
  });
});
