/**
 * A bounded FIFO of messages waiting for one node (seed 004's per-node `RingbufQueue`
 * of `qlen`). When full, {@link push} drops the oldest message to make room and counts
 * it in {@link drops}: the overflow policy is drop-oldest, visible.
 *
 * @example
 * ```ts
 * const queue = new NodeQueue<string>(2);
 * queue.push('a'); queue.push('b');
 * queue.push('c'); // returns 'a', dropped
 * queue.peek();  // 'b'
 * queue.drops;   // 1
 * ```
 */
export class NodeQueue<T> {
  /** Messages dropped on overflow since the queue was made. */
  drops = 0;
  private readonly items: T[] = [];

  /** @param limit most messages held, at least 1 (a `RangeError` otherwise). */
  constructor(readonly limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError('queue limit must be an integer >= 1, got ' + limit);
  }

  /** Messages waiting. */
  get length(): number {
    return this.items.length;
  }

  /** Appends `item`; returns the oldest message when it had to be dropped to make room, else `undefined`. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.items.length >= this.limit) {
      dropped = this.items.shift();
      this.drops++;
    }
    this.items.push(item);
    return dropped;
  }

  /** The oldest message, left in place (`undefined` when empty). */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Removes and returns the oldest message (`undefined` when empty). */
  shift(): T | undefined {
    return this.items.shift();
  }
}
