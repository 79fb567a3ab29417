import { NodeQueue } from '../../../lib/gateway/node-queue';
import { thrown } from './support/thrown';

describe('NodeQueue', () => {
  it('keeps messages in order up to its limit', () => {
    const queue = new NodeQueue<string>(3);
    expect(queue.push('a')).toBeUndefined();
    expect(queue.push('b')).toBeUndefined();
    expect(queue.push('c')).toBeUndefined();
    expect(queue.length).toBe(3);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual(['a', 'b', 'c', undefined]);
    expect(queue.drops).toBe(0);
  });

  it('drops the oldest on overflow, returns it and counts it', () => {
    const queue = new NodeQueue<string>(2);
    queue.push('a');
    queue.push('b');
    expect(queue.push('c')).toBe('a');
    expect(queue.push('d')).toBe('b');
    expect(queue.drops).toBe(2);
    expect(queue.length).toBe(2);
    expect(queue.peek()).toBe('c');
    expect(queue.length).toBe(2);
  });

  it.each([0, -1, 1.5, NaN])('refuses the limit %p with a RangeError', (limit) => {
    const error = thrown(() => new NodeQueue(limit));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('queue limit must be an integer >= 1, got ' + limit);
  });
});
