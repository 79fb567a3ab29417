import { QueueOverflowError } from '../../errors';
import { LinkedList } from '../shared/linked-list';
import type { OfflineOverflow } from '../options/resolve-options';

/** A place in an {@link OfflineQueue}; keep it to {@link OfflineQueue.remove} the value. */
export interface OfflineEntry<T> {
  value: T;
  older: OfflineEntry<T> | null;
  newer: OfflineEntry<T> | null;
  /** False once the entry left the queue (taken, removed or dropped). */
  queued: boolean;
}

/**
 * The publications waiting while the client is offline, oldest first, at most `limit`.
 * A doubly linked list: a publication whose observer leaves is removed in O(1).
 *
 * When a value arrives with the queue full, `overflow` decides and `onDrop(value, error)`
 * hears about the value that is not sent (nothing is dropped silently):
 * - `'error'`: the arriving value is refused ({@link add} returns null); the queue is unchanged;
 * - `'drop-oldest'`: the oldest waiting value is dropped, the arriving one is queued;
 * - `'drop-newest'`: the newest waiting value (the one queued last) is dropped and the
 *   arriving one takes its place: the start of the outage and the latest value are kept.
 *
 * `error` is a `QueueOverflowError` (`QUEUE_OVERFLOW`, queue `'offline'`).
 *
 * @example
 * ```ts
 * const queue = new OfflineQueue<string>(2, 'drop-oldest', (v, e) => console.log('dropped', v, e.code));
 * queue.add('a'); queue.add('b'); queue.add('c'); // dropped a QUEUE_OVERFLOW
 * queue.shift(); // 'b'
 * ```
 */
export class OfflineQueue<T> {
  private readonly list = new LinkedList<OfflineEntry<T>>();
  private count = 0;

  /** Values waiting now. */
  get size(): number {
    return this.count;
  }

  constructor(
    readonly limit: number,
    readonly overflow: OfflineOverflow,
    private readonly onDrop: (value: T, error: QueueOverflowError) => void,
  ) {}

  /** Queues `value` (see the class doc for a full queue); null when it was refused. */
  add(value: T): OfflineEntry<T> | null {
    if (this.count >= this.limit) {
      if (this.overflow === 'error') {
        this.onDrop(value, this.overflowError('refused this publication'));
        return null;
      }
      const victim = (this.overflow === 'drop-oldest' ? this.list.oldest : this.list.newest) as OfflineEntry<T>;
      this.remove(victim);
      this.onDrop(victim.value, this.overflowError('dropped the ' + (this.overflow === 'drop-oldest' ? 'oldest' : 'newest') + ' publication'));
    }
    const entry: OfflineEntry<T> = { value, older: null, newer: null, queued: true };
    this.list.append(entry);
    this.count++;
    return entry;
  }

  /** The oldest value, left in the queue; undefined when empty. */
  peek(): T | undefined {
    const entry = this.list.oldest;
    return entry === null ? undefined : entry.value;
  }

  /** Takes the oldest value out; undefined when empty. */
  shift(): T | undefined {
    const entry = this.list.oldest;
    if (entry === null) return undefined;
    this.remove(entry);
    return entry.value;
  }

  /** Takes `entry` out (its observer left); no-op when it already left. */
  remove(entry: OfflineEntry<T>): void {
    if (!entry.queued) return;
    entry.queued = false;
    this.list.unlink(entry);
    this.count--;
  }

  /** Empties the queue and returns the values, oldest first. */
  clear(): T[] {
    const out: T[] = [];
    let value = this.shift();
    while (value !== undefined) {
      out.push(value);
      value = this.shift();
    }
    return out;
  }

  private overflowError(what: string): QueueOverflowError {
    return new QueueOverflowError(
      'offline',
      'the offline queue is full (' + this.limit + " publications, overflow '" + this.overflow + "'): " + what,
    );
  }
}
