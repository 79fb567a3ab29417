import { of } from 'rxjs';
import { isPullable, messagePuller, PULL_END, PULL_WAIT } from '../../../../lib/client/outbound/message-puller';
import type { OutgoingMessage } from '../../../../lib/client/types';

const a: OutgoingMessage = { topic: 't', payload: 'a' };
const b: OutgoingMessage = { topic: 't', payload: 'b' };
const quiet = { available: () => undefined };

describe('messagePuller', () => {
  it('pulls arrays and array-likes by index, then ends for good', () => {
    for (const source of [[a, b], { length: 2, 0: a, 1: b }]) {
      const puller = messagePuller(source, quiet)!;
      expect([puller.pull(), puller.pull(), puller.pull(), puller.pull()]).toEqual([a, b, PULL_END, PULL_END]);
    }
  });

  it('pulls an iterable one next() at a time and returns the iterator when stopped early', () => {
    const log: string[] = [];
    function* generate(): Generator<OutgoingMessage> {
      try {
        for (let i = 0; ; i++) {
          log.push('next ' + i);
          yield { topic: 't', payload: 'n' + i };
        }
      } finally {
        log.push('returned');
      }
    }
    const puller = messagePuller(generate(), quiet)!;
    expect(log).toEqual([]);
    expect(puller.pull()).toEqual({ topic: 't', payload: 'n0' });
    expect(puller.pull()).toEqual({ topic: 't', payload: 'n1' });
    puller.stop();
    puller.stop();
    expect(log).toEqual(['next 0', 'next 1', 'returned']);
    expect(puller.pull()).toBe(PULL_END);
    expect(messagePuller(new Set([a]), quiet)!.pull()).toBe(a);
  });

  it('passes on what an iterator throws', () => {
    const puller = messagePuller({ [Symbol.iterator]: () => ({ next: () => { throw new RangeError('broken'); } }) }, quiet)!;
    expect(() => puller.pull()).toThrow(new RangeError('broken'));
  });

  it('asks an async iterator for one message only when pulled, and says when it came', async () => {
    let asked = 0;
    const source = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          asked++;
          return Promise.resolve(asked <= 2 ? { done: false, value: asked === 1 ? a : b } : { done: true, value: undefined });
        },
      }),
    };
    let available = 0;
    const puller = messagePuller(source, { available: () => available++ })!;
    expect(asked).toBe(0);
    expect(puller.pull()).toBe(PULL_WAIT);
    expect(puller.pull()).toBe(PULL_WAIT); // still one request
    expect(asked).toBe(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(available).toBe(1);
    expect(puller.pull()).toBe(a);
    expect(asked).toBe(1);
    expect(puller.pull()).toBe(PULL_WAIT);
    await new Promise((r) => setTimeout(r, 0));
    expect(puller.pull()).toBe(b);
    expect(puller.pull()).toBe(PULL_WAIT);
    await new Promise((r) => setTimeout(r, 0));
    expect(puller.pull()).toBe(PULL_END);
    expect(available).toBe(3);
  });

  it('throws an async iterator’s rejection on the pull after it', async () => {
    const puller = messagePuller({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new TypeError('gone')) }) }, quiet)!;
    expect(puller.pull()).toBe(PULL_WAIT);
    await new Promise((r) => setTimeout(r, 0));
    expect(() => puller.pull()).toThrow(new TypeError('gone'));
    expect(puller.pull()).toBe(PULL_END);
  });

  it('returns an async generator stopped early, ignoring a failing return()', async () => {
    let returned = 0;
    const puller = messagePuller(
      {
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.resolve({ done: false, value: a }),
          return: () => {
            returned++;
            return Promise.reject(new Error('cannot close'));
          },
        }),
      },
      quiet,
    )!;
    puller.pull();
    puller.stop();
    await new Promise((r) => setTimeout(r, 0));
    expect(returned).toBe(1);
    expect(puller.pull()).toBe(PULL_END);
  });

  it('is null, and isPullable false, for what cannot be pulled', () => {
    for (const source of ['text', 7, null, undefined, { topic: 't' }, of(a)]) {
      expect(isPullable(source)).toBe(false);
      expect(messagePuller(source, quiet)).toBeNull();
    }
    expect(isPullable([])).toBe(true);
    expect(isPullable(new Set())).toBe(true);
  });
});
