/** The links an entry of a {@link LinkedList} carries itself (null when it is not in one). */
export interface Linked<E> {
  older: E | null;
  newer: E | null;
}

/**
 * An intrusive doubly linked list, oldest first: the entries carry their own links, so
 * appending and unlinking any entry are O(1) and allocate nothing. The offline queue and
 * the outbound window keep their entries in one.
 *
 * @example
 * ```ts
 * const list = new LinkedList<{ id: number; older: any; newer: any }>();
 * const a = { id: 1, older: null, newer: null };
 * list.append(a);
 * list.unlink(a); // list.oldest === null
 * ```
 */
export class LinkedList<E extends Linked<E>> {
  /** The first entry appended that is still in the list. */
  oldest: E | null = null;
  /** The last entry appended. */
  newest: E | null = null;

  /** Adds `entry` (not in any list) as the newest. */
  append(entry: E): void {
    entry.older = this.newest;
    entry.newer = null;
    if (this.newest !== null) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  /** Takes `entry` (in this list) out and clears its links. */
  unlink(entry: E): void {
    if (entry.older !== null) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer !== null) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = null;
    entry.newer = null;
  }
}
