/**
 * A topic trie: topic filters in, the values of every filter matching a topic out.
 * Plain objects and arrays only (no Map), so it runs on Espruino.
 */

/** One level of the trie. Child keys carry a `'/'` prefix so no level can clash with `Object.prototype`. */
interface RouterNode<T> {
  children: { [key: string]: RouterNode<T> };
  /** Number of keys in {@link children}. */
  childCount: number;
  /** The subtree of a `+` at this level. */
  plus: RouterNode<T> | null;
  /** Value of the filter ending with `#` at this level (`a/#` lives on node `a`). */
  hash: T | undefined;
  /** Value of the filter ending exactly here. */
  value: T | undefined;
}

/** Topics whose level keys {@link TopicRouter.match} remembers. */
const RECENT_TOPICS = 8;

function newNode<T>(): RouterNode<T> {
  return { children: {}, childCount: 0, plus: null, hash: undefined, value: undefined };
}

function isEmpty<T>(node: RouterNode<T>): boolean {
  return node.childCount === 0 && node.plus === null && node.hash === undefined && node.value === undefined;
}

/**
 * Maps topic filters to values and finds every filter matching a topic name, with the
 * MQTT 3.1.1 wildcard rules: `+` matches one level (also an empty one), `#` the parent
 * level and everything below [MQTT-4.7.1-2]; a filter starting with a wildcard does
 * not match topics starting with `$` [MQTT-4.7.2-1].
 *
 * Routing cost depends on the topic's depth and the filters that share its levels,
 * not on the number of unrelated filters. Filters are not validated here (the caller
 * does it with `assertTopicFilter`).
 *
 * @example
 * ```ts
 * const router = new TopicRouter<string>();
 * router.add('a/+', 'plus');
 * router.add('a/#', 'hash');
 * const seen: string[] = [];
 * router.match('a/b', (v, out) => out.push(v), seen); // seen: ['hash', 'plus']
 * ```
 */
export class TopicRouter<T> {
  private readonly root: RouterNode<T> = newNode<T>();
  private count = 0;
  /** The level keys (`'/' + level`) of the last few topics matched: a stream repeats its topics. */
  private readonly recentTopics: string[] = [];
  private readonly recentKeys: string[][] = [];
  private nextRecent = 0;

  /** Number of filters in the router. */
  get size(): number {
    return this.count;
  }

  /** Adds or replaces the value of `filter`; returns the value it replaced. */
  add(filter: string, value: T): T | undefined {
    const levels = filter.split('/');
    let node = this.root;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i];
      if (level === '#') {
        const previous = node.hash;
        node.hash = value;
        if (previous === undefined) this.count++;
        return previous;
      }
      if (level === '+') {
        if (node.plus === null) node.plus = newNode<T>();
        node = node.plus;
      } else {
        const key = '/' + level;
        let child = node.children[key];
        if (child === undefined) {
          child = newNode<T>();
          node.children[key] = child;
          node.childCount++;
        }
        node = child;
      }
    }
    const previous = node.value;
    node.value = value;
    if (previous === undefined) this.count++;
    return previous;
  }

  /** The value of exactly `filter` (no wildcard matching), or undefined. */
  get(filter: string): T | undefined {
    const levels = filter.split('/');
    let node: RouterNode<T> | null | undefined = this.root;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i];
      if (level === '#') return node.hash;
      node = level === '+' ? node.plus : node.children['/' + level];
      if (!node) return undefined;
    }
    return node.value;
  }

  /** Removes `filter` and prunes the nodes left empty; returns the removed value. */
  remove(filter: string): T | undefined {
    const levels = filter.split('/');
    const path: Array<RouterNode<T>> = [this.root];
    let node = this.root;
    let removed: T | undefined;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i];
      if (level === '#') {
        removed = node.hash;
        node.hash = undefined;
        break;
      }
      const next: RouterNode<T> | null | undefined = level === '+' ? node.plus : node.children['/' + level];
      if (!next) return undefined;
      node = next;
      path.push(node);
      if (i === levels.length - 1) {
        removed = node.value;
        node.value = undefined;
      }
    }
    if (removed === undefined) return undefined;
    this.count--;
    // Prune from the deepest node up: path[k] is the node of levels[k - 1].
    for (let k = path.length - 1; k > 0 && isEmpty(path[k]); k--) {
      const parent = path[k - 1];
      const level = levels[k - 1];
      if (level === '+') parent.plus = null;
      else {
        delete parent.children['/' + level];
        parent.childCount--;
      }
    }
    return removed;
  }

  /**
   * Calls `visit(value, arg)` once for every filter matching the topic name `topic`.
   * `arg` is passed through so callers need no closure per call. Order: `#` filters
   * before exact levels before `+`, shallow before deep.
   */
  match<A>(topic: string, visit: (value: T, arg: A) => void, arg: A): void {
    if (this.count === 0) return;
    matchNode(this.root, this.keysOf(topic), 0, topic.charAt(0) === '$', visit, arg);
  }

  /** The child keys of `topic`'s levels, from a small cache of recent topics (no split per message). */
  private keysOf(topic: string): string[] {
    const topics = this.recentTopics;
    for (let i = 0; i < topics.length; i++) if (topics[i] === topic) return this.recentKeys[i];
    const keys = topic.split('/');
    for (let i = 0; i < keys.length; i++) keys[i] = '/' + keys[i];
    const slot = this.nextRecent;
    topics[slot] = topic;
    this.recentKeys[slot] = keys;
    this.nextRecent = slot + 1 === RECENT_TOPICS ? 0 : slot + 1;
    return keys;
  }
}

function matchNode<T, A>(
  node: RouterNode<T>,
  keys: string[],
  i: number,
  dollar: boolean,
  visit: (value: T, arg: A) => void,
  arg: A,
): void {
  const wildcardAllowed = i > 0 || !dollar;
  if (node.hash !== undefined && wildcardAllowed) visit(node.hash, arg);
  if (i === keys.length) {
    if (node.value !== undefined) visit(node.value, arg);
    return;
  }
  if (node.childCount > 0) {
    const child = node.children[keys[i]];
    if (child !== undefined) matchNode(child, keys, i + 1, dollar, visit, arg);
  }
  if (node.plus !== null && wildcardAllowed) matchNode(node.plus, keys, i + 1, dollar, visit, arg);
}
