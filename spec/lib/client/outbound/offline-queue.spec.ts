import { OfflineQueue } from '../../../../lib/client/outbound/offline-queue';
import { errorShape } from '../support/harness';

function queue(limit: number, overflow: 'drop-oldest' | 'drop-newest' | 'error') {
  const dropped: string[] = [];
  const errors: unknown[] = [];
  const q = new OfflineQueue<string>(limit, overflow, (value, error) => {
    dropped.push(value);
    errors.push(error);
  });
  return { q, dropped, errors };
}

describe('OfflineQueue', () => {
  it('keeps values in order, oldest first', () => {
    const { q } = queue(3, 'error');
    q.add('a');
    q.add('b');
    expect([q.shift(), q.shift(), q.shift()]).toEqual(['a', 'b', undefined]);
  });

  it.each([
    ['error', 'c', ['a', 'b'], 'refused this publication'],
    ['drop-oldest', 'a', ['b', 'c'], 'dropped the oldest publication'],
    ['drop-newest', 'b', ['a', 'c'], 'dropped the newest publication'],
  ] as const)("overflow '%s' drops %s and keeps %j", (overflow, victim, kept, what) => {
    const { q, dropped, errors } = queue(2, overflow);
    q.add('a');
    q.add('b');
    const entry = q.add('c');
    expect(entry === null).toBe(overflow === 'error');
    expect(dropped).toEqual([victim]);
    expect(q.clear()).toEqual(kept);
    expect(errorShape(errors[0])).toEqual({
      name: 'QueueOverflowError',
      code: 'QUEUE_OVERFLOW',
      message: "the offline queue is full (2 publications, overflow '" + overflow + "'): " + what,
    });
    expect((errors[0] as { queue: string }).queue).toBe('offline');
  });

  it('removes an entry from anywhere in O(1), once; what left no longer counts against the limit', () => {
    const { q, dropped } = queue(3, 'error');
    q.add('a');
    const b = q.add('b')!;
    q.add('c');
    q.remove(b);
    q.remove(b);
    q.add('d');
    expect(q.add('e')).toBeNull(); // full with a, c, d: removing b twice freed one place, not two
    expect(q.clear()).toEqual(['a', 'c', 'd']);
    q.add('f');
    q.add('g');
    q.add('h');
    expect(dropped).toEqual(['e']); // cleared: three places free again
    expect(q.clear()).toEqual(['f', 'g', 'h']);
  });

  it('ignores removing an entry that was already taken', () => {
    const { q } = queue(2, 'error');
    const a = q.add('a')!;
    q.add('b');
    q.shift();
    q.remove(a);
    expect(q.clear()).toEqual(['b']);
  });
});
