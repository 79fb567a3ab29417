import { TestScheduler } from 'rxjs/testing';
import { StateStore } from '../../../../lib/client/shared/state-store';

describe('StateStore', () => {
  it('replays the current value, follows changes and ends with a last value', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const store = new StateStore('i');
      cold('  --a--b--|').subscribe({ next: (v) => store.set(v), complete: () => store.end('z') });
      expectObservable(store.value$).toBe('i-a--b--(z|)');
      // an observer arriving at frame 3 first gets the value current then
      expectObservable(store.value$, '---^').toBe('---a-b--(z|)');
    });
  });

  it('replays the last value to observers that come after the end', () => {
    const store = new StateStore(1);
    store.end(2);
    store.set(3);
    store.end(4);
    const seen: number[] = [];
    let completed = false;
    store.value$.subscribe({ next: (v) => seen.push(v), complete: () => (completed = true) });
    expect(seen).toEqual([2]);
    expect(completed).toBe(true);
  });

  it('delivers a value set from inside the replay to the observer that caused it, after the replay', () => {
    const store = new StateStore(1);
    const seen: number[] = [];
    store.value$.subscribe((v) => {
      seen.push(v);
      if (v === 1) store.set(2);
    });
    store.set(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('completes an observer whose replay ends the store, once', () => {
    const store = new StateStore('a');
    const seen: string[] = [];
    let completions = 0;
    store.value$.subscribe({
      next: (v) => {
        seen.push(v);
        if (v === 'a') store.end('z');
      },
      complete: () => completions++,
    });
    expect(seen).toEqual(['a', 'z']);
    expect(completions).toBe(1);
  });
});
