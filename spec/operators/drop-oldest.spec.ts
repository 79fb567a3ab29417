import { asapScheduler, queueScheduler, Subject, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { dropOldest } from '../../operators/drop-oldest';
import { expectThrows } from './support/expect-throws';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('dropOldest', () => {
  it('keeps the newest `limit` values of a synchronous burst and reports each drop with the running count', () => {
    const drops: Array<[number, string]> = [];
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-(abcde)--(fg)-(hij|)');
      const expected = '   -(de)-----(fg)-(ij|)';
      expectObservable(source.pipe(dropOldest(2, (n, v) => drops.push([n, v])))).toBe(expected);
    });
    expect(drops).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'h'],
    ]);
  });

  it('hands on every value when the consumer keeps up', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-c-|').pipe(dropOldest(1))).toBe('-a-b-c-|');
    });
  });

  it('delivers the values still waiting before an error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const boom = new Error('boom');
      expectObservable(cold('-(abc#)', undefined, boom).pipe(dropOldest(2))).toBe('-(bc#)', undefined, boom);
      expectObservable(cold('-a-#', undefined, boom).pipe(dropOldest(2))).toBe('-a-#', undefined, boom);
    });
  });

  it('ends with the error onDrop throws', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const boom = new Error('boom');
      const onDrop = () => {
        throw boom;
      };
      expectObservable(cold('-(abc)-d-|').pipe(dropOldest(2, onDrop))).toBe('-#', undefined, boom);
    });
  });

  it('cancels pending deliveries and unsubscribes from the source when unsubscribed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-(abc)-d-|');
      expectObservable(source.pipe(dropOldest(5), take(2))).toBe('-(ab|)');
      expectSubscriptions(source.subscriptions).toBe('^!');
    });
  });

  it('runs each delivery as a separate task of the given scheduler', () => {
    const order: string[] = [];
    const subject = new Subject<string>();
    subject.pipe(dropOldest(2, undefined, queueScheduler)).subscribe((v) => {
      order.push('got ' + v);
      if (v === 'a') {
        // emitted while a task runs: queued behind the pending b, then the oldest dropped
        subject.next('c');
        subject.next('d');
        order.push('pushed c, d');
      }
    });
    queueScheduler.schedule(() => {
      subject.next('a');
      subject.next('b');
      order.push('pushed a, b');
    });
    expect(order).toEqual(['pushed a, b', 'got a', 'pushed c, d', 'got c', 'got d']);
  });

  it('is asynchronous with the default asapScheduler, and counts drops per subscription', async () => {
    const subject = new Subject<number>();
    const seen: number[] = [];
    const counts: number[] = [];
    const sub = subject.pipe(dropOldest(3, (n) => counts.push(n))).subscribe((v) => seen.push(v));
    for (let i = 0; i < 1000; i++) subject.next(i);
    expect(seen).toEqual([]);
    await new Promise((resolve) => asapScheduler.schedule(resolve, 0));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([997, 998, 999]);
    expect(counts.length).toBe(997);
    expect(counts[996]).toBe(997);
    sub.unsubscribe();
  });

  it.each<[string, unknown[], ErrorConstructor, string]>([
    ['limit 0', [0], RangeError, 'dropOldest: limit must be a whole number >= 1, got 0'],
    ['an infinite limit', [Infinity], RangeError, 'dropOldest: limit must be a whole number >= 1, got Infinity'],
    ['a fractional limit', [1.5], RangeError, 'dropOldest: limit must be a whole number >= 1, got 1.5'],
    ['a NaN limit', [NaN], TypeError, 'dropOldest: limit must be a number, got NaN'],
    ['an onDrop that is no function', [2, 'log'], TypeError, 'dropOldest: onDrop must be a function, got string'],
    ['a scheduler that is no scheduler', [2, undefined, {}], TypeError, 'dropOldest: scheduler must be a SchedulerLike'],
  ])('throws at call time for %s', (_name, args, cls, message) => {
    const call = () => (dropOldest as (...a: unknown[]) => unknown)(...args);
    expectThrows(call, cls, message);
  });
});
