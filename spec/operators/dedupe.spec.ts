import * as fc from 'fast-check';
import { TestScheduler } from 'rxjs/testing';
import { dedupe, type TopicPayload } from '../../operators/dedupe';
import { expectThrows } from './support/expect-throws';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const msg = (topic: string, payload: string | number[]) => ({
  topic,
  payload: typeof payload === 'string' ? bytes(payload) : Uint8Array.from(payload),
  qos: 1 as const,
  retain: false,
  dup: false,
});

// 32-bit FNV-1a as dedupe hashes a message (topic chars, a 0xffff separator, payload bytes)
function fnv1a(m: TopicPayload): number {
  let h = 0x811c9dc5;
  const units = Array.from(m.topic, (c) => c.charCodeAt(0)).concat([0xffff], Array.from(m.payload));
  units.forEach((u) => (h = Math.imul(h ^ u, 16777619) >>> 0));
  return h;
}

describe('dedupe', () => {
  it('drops a message with the same topic and payload bytes, and keeps the others', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = {
        a: msg('x', '1'),
        A: { ...msg('x', '1'), dup: true, retain: true }, // another object, same topic and bytes
        b: msg('y', '1'),
        c: msg('x', '2'),
        d: msg('x', '12'),
      };
      const source = cold('-a-b-A-c-a-d-|', values);
      const expected = '   -a-b---c---d-|';
      expectObservable(source.pipe(dedupe())).toBe(expected, values);
    });
  });

  it('compares bytes, not just a hash: two messages with the same 32-bit hash both pass', () => {
    const a = msg('t', [226, 27, 223, 34, 30, 100]);
    const b = msg('t', [71, 8, 12, 31, 143, 3]);
    expect(fnv1a(a)).toBe(fnv1a(b)); // the collision this test is about
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-a-b-|', { a, b }).pipe(dedupe())).toBe('-a-b-----|', { a, b });
    });
  });

  it('remembers only the last windowSize distinct messages', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: msg('t', 'a'), b: msg('t', 'b'), c: msg('t', 'c') };
      // size 2: after a, b, c only b and c are remembered, so a passes again (and pushes b out)
      expectObservable(cold('-a-b-c-a-b-c-|', values).pipe(dedupe({ windowSize: 2 }))).toBe('-a-b-c-a-b-c-|', values);
      expectObservable(cold('-a-b-a-b-c-b-|', values).pipe(dedupe({ windowSize: 2 }))).toBe('-a-b-----c---|', values);
    });
  });

  it('forgets a message windowTime ms after it was first seen; a dropped duplicate does not extend it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: msg('t', 'a'), b: msg('t', 'b') };
      const source = cold('-a--a-b--a-b-b--|', values);
      const expected = '   -a----b--a-b----|';
      // a (1) is remembered until 6, b (6) until 11: a at 9 and b at 11 are new again
      expectObservable(source.pipe(dedupe({ windowTime: 5 }))).toBe(expected, values);
    });
  });

  it('uses a key function for other values, without keeping the values', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: { id: 'n1', seq: 1 }, b: { id: 'n1', seq: 2 }, A: { id: 'n1', seq: 1, rssi: -70 }, p: { id: '__proto__', seq: 0 } };
      const key = (r: { id: string; seq: number }) => r.id + '/' + r.seq;
      const protoKey = (r: { id: string }) => r.id;
      expectObservable(cold('-a-b-A-a-|', values).pipe(dedupe({ key }))).toBe('-a-b-----|', values);
      expectObservable(cold('-p-p-|', values).pipe(dedupe({ key: protoKey }))).toBe('-p---|', values);
    });
  });

  it('agrees with a naive model for any sequence and window size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (seq, size) => {
        const model: number[] = [];
        const expected: number[] = [];
        seq.forEach((n) => {
          if (model.indexOf(n) >= 0) return;
          expected.push(n);
          model.push(n);
          if (model.length > size) model.shift();
        });
        const seen: number[] = [];
        testScheduler().run(({ cold }) => {
          const values: Record<string, ReturnType<typeof msg>> = {};
          seq.forEach((n) => (values[String(n)] = msg('t/' + (n % 2), String(n))));
          cold(seq.join(''), values)
            .pipe(dedupe({ windowSize: size }))
            .subscribe((m) => seen.push(Number(String.fromCharCode(m.payload[0]))));
        });
        expect(seen).toEqual(expected);
      }),
    );
  });

  it('passes errors through, and errors with what the key function throws', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const boom = new Error('boom');
      expectObservable(cold('-a-#', { a: msg('t', 'a') }, boom).pipe(dedupe())).toBe('-a-#', { a: msg('t', 'a') }, boom);
      const key = (n: number) => {
        if (n > 1) throw boom;
        return String(n);
      };
      const source = cold('-a-b-c-|', { a: 1, b: 2, c: 3 });
      expectObservable(source.pipe(dedupe({ key }))).toBe('-a-#', { a: 1 }, boom);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('unsubscribes from the source when unsubscribed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-a-a-a-|', { a: msg('t', 'a') });
      expectObservable(source.pipe(dedupe()), '^--!').toBe('-a--', { a: msg('t', 'a') });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it.each<[string, unknown, ErrorConstructor, string]>([
    ['a null options', null, TypeError, 'dedupe: options must be an object'],
    ['windowSize 0', { windowSize: 0 }, RangeError, 'dedupe: windowSize must be a whole number >= 1, got 0'],
    ['an infinite windowSize', { windowSize: Infinity }, RangeError, 'dedupe: windowSize must be a whole number >= 1, got Infinity'],
    ['a fractional windowSize', { windowSize: 2.5 }, RangeError, 'dedupe: windowSize must be a whole number >= 1, got 2.5'],
    ['a string windowSize', { windowSize: '10' }, TypeError, 'dedupe: windowSize must be a number, got 10'],
    ['a negative windowTime', { windowTime: -1 }, RangeError, 'dedupe: windowTime must be a whole number >= 0, got -1'],
    ['a key that is no function', { key: 'topic' }, TypeError, 'dedupe: key must be a function, got string'],
    ['a scheduler without now()', { scheduler: {} }, TypeError, 'dedupe: scheduler must be a SchedulerLike'],
  ])('throws at call time for %s', (_name, options, cls, message) => {
    expectThrows(() => dedupe(options as never), cls, message);
  });
});
