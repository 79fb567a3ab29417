import { Observable, Subscriber } from '../../../lib/device/observable';
import { map } from '../../../lib/device/map';
import { filter } from '../../../lib/device/filter';
import { take } from '../../../lib/device/take';
import { tap } from '../../../lib/device/tap';
import { Subject } from '../../../lib/device/subject';

function collect<T>(source: Observable<T>): { values: T[]; events: string[] } {
  const out = { values: [] as T[], events: [] as string[] };
  source.subscribe({
    next: (v) => out.values.push(v),
    error: (e) => out.events.push('error ' + String(e)),
    complete: () => out.events.push('complete'),
  });
  return out;
}

describe('device observable core', () => {
  it('is lazy, and passes nothing after complete', () => {
    let runs = 0;
    const source = new Observable<number>((s) => {
      runs++;
      s.next(1);
      s.complete();
      s.next(2);
    });
    expect(runs).toBe(0);
    expect(collect(source)).toEqual({ values: [1], events: ['complete'] });
    expect(runs).toBe(1);
  });

  it('runs the teardown once on unsubscribe, and at once when the producer already completed', () => {
    const torn: string[] = [];
    const open = new Observable<number>(() => () => torn.push('open'));
    const sub = open.subscribe();
    sub.unsubscribe();
    sub.unsubscribe();
    new Observable<number>((s) => {
      s.complete();
      return () => torn.push('done');
    }).subscribe();
    expect(torn).toEqual(['open', 'done']);
  });

  it('pipe applies map, filter, tap and take left to right; take unsubscribes from its source', () => {
    let unsubscribed = false;
    let producer: Subscriber<number> | undefined;
    const source = new Observable<number>((s) => {
      producer = s;
      return () => (unsubscribed = true);
    });
    const seen: number[] = [];
    const out = collect(source.pipe(filter((x: number) => x % 2 === 1), map((x: number) => x * 10), tap((x: number) => seen.push(x)), take(2)));
    for (let i = 1; i <= 6; i++) (producer as Subscriber<number>).next(i);
    expect(out).toEqual({ values: [10, 30], events: ['complete'] });
    expect(seen).toEqual([10, 30]);
    expect(unsubscribed).toBe(true);
  });

  it('an exception in a projection errors the result', () => {
    const out = collect(new Observable<number>((s) => s.next(1)).pipe(map(() => {
      throw 'boom';
    })));
    expect(out.events).toEqual(['error boom']);
  });

  it('Subject with replay gives a new observer the latest value; end completes everyone, later ones too', () => {
    const subject = new Subject<string>(true);
    subject.next('idle');
    const first = collect(subject.observable);
    subject.next('connected');
    expect(first.values).toEqual(['idle', 'connected']);
    expect(collect(subject.observable).values).toEqual(['connected']);
    subject.end();
    expect(first.events).toEqual(['complete']);
    expect(collect(subject.observable).events).toEqual(['complete']);
    expect(subject.observed()).toBe(0);
  });
});
