import { Subject, Subscription } from 'rxjs';
import { Multicast } from '../../../../lib/client/shared/multicast';

/** Runs the same script on a Subject and a Multicast and returns what each observer saw. */
function trace(make: () => Subject<number> | Multicast<number>, script: (s: Subject<number> | Multicast<number>, log: string[]) => void): string[] {
  const log: string[] = [];
  script(make(), log);
  return log;
}

function observer(name: string, log: string[]) {
  return {
    next: (v: number) => log.push(name + ' next ' + v),
    error: (e: unknown) => log.push(name + ' error ' + String(e)),
    complete: () => log.push(name + ' complete'),
  };
}

const scripts: Array<[string, (s: Subject<number> | Multicast<number>, log: string[]) => void]> = [
  [
    'hands each value to the observers of the moment',
    (s, log) => {
      s.next(0);
      const a = s.subscribe(observer('a', log));
      s.next(1);
      s.subscribe(observer('b', log));
      s.next(2);
      a.unsubscribe();
      s.next(3);
    },
  ],
  [
    'does not give a value to an observer subscribing during its delivery; stops one unsubscribing during it',
    (s, log) => {
      let b: Subscription | null = null;
      s.subscribe({
        next: (v) => {
          log.push('a next ' + v);
          if (v === 1) {
            s.subscribe(observer('c', log));
            if (b !== null) b.unsubscribe();
          }
        },
      });
      b = s.subscribe(observer('b', log));
      s.next(1);
      s.next(2);
    },
  ],
  [
    'errors the observers once, then every later one at once; ignores later calls',
    (s, log) => {
      s.subscribe(observer('a', log));
      s.error('boom');
      s.next(1);
      s.complete();
      s.error('again');
      s.subscribe(observer('late', log));
    },
  ],
  [
    'completes the observers once, then every later one at once',
    (s, log) => {
      s.subscribe(observer('a', log));
      s.subscribe(observer('b', log));
      s.complete();
      s.next(1);
      s.subscribe(observer('late', log));
    },
  ],
  [
    'lets an observer subscribe from inside a completion (it completes at once)',
    (s, log) => {
      s.subscribe({ complete: () => s.subscribe(observer('inner', log)) });
      s.complete();
    },
  ],
];

describe('Multicast', () => {
  it.each(scripts)('%s, as Subject does', (_name, script) => {
    const expected = trace(() => new Subject<number>(), script);
    expect(trace(() => new Multicast<number>(), script)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('hands each value to the observers subscribed at that moment', () => {
    const m = new Multicast<number>();
    const seen: string[] = [];
    m.next(0); // nobody observes: nothing happens
    const a = m.subscribe((v) => seen.push('a' + v));
    const b = m.subscribe((v) => seen.push('b' + v));
    m.next(1);
    a.unsubscribe();
    m.next(2);
    b.unsubscribe();
    m.next(3);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('tells whether anyone observes it', () => {
    const m = new Multicast<number>();
    expect(m.observed).toBe(false);
    const a = m.subscribe(() => undefined);
    const b = m.subscribe(() => undefined);
    expect(m.observed).toBe(true);
    a.unsubscribe();
    expect(m.observed).toBe(true);
    b.unsubscribe();
    expect(m.observed).toBe(false);
  });

  it('asObservable() follows it without exposing next', () => {
    const m = new Multicast<number>();
    const log: string[] = [];
    const view = m.asObservable();
    expect((view as unknown as { next?: unknown }).next).toBeUndefined();
    view.subscribe(observer('v', log));
    m.next(7);
    m.complete();
    expect(log).toEqual(['v next 7', 'v complete']);
  });
});
