/**
 * Topic names and topic filters [MQTT-4.7]: validation (for arguments and for decoded
 * packets) and the matching of `+` and `#` used by the router.
 */
import { checkString } from '../arg-checks';
import { stringProblem } from './encode-args';

const SLASH = 0x2f;
const PLUS = 0x2b;
const HASH = 0x23;
const DOLLAR = 0x24;

function commonProblem(s: string): string | null {
  return s.length === 0 ? 'is empty [MQTT-4.7.3-1]' : stringProblem(s, ' [MQTT-4.7.3-2]', ' [MQTT-4.7.3-3]');
}

/**
 * What is wrong with `topic` as a topic name (PUBLISH, will), or `null` when it is valid:
 * empty, U+0000, a lone surrogate, over 65,535 bytes, or a wildcard [MQTT-3.3.2-2] [MQTT-4.7.1-1].
 *
 * @example
 * ```ts
 * topicNameProblem('a/+'); // 'contains the wildcard "+" ...'
 * ```
 */
export function topicNameProblem(topic: string): string | null {
  for (let i = 0; i < topic.length; i++) {
    const c = topic.charCodeAt(i);
    if (c === PLUS || c === HASH) return 'contains the wildcard "' + topic.charAt(i) + '" [MQTT-3.3.2-2]';
  }
  return commonProblem(topic);
}

/**
 * What is wrong with `filter` as a topic filter (SUBSCRIBE, UNSUBSCRIBE), or `null` when it
 * is valid: empty, U+0000, a lone surrogate, over 65,535 bytes, `#` not last or not a whole
 * level [MQTT-4.7.1-2], `+` not a whole level [MQTT-4.7.1-3], a shared subscription
 * (`$share/...`) without ShareName or filter, or with a wildcard in its ShareName [MQTT-4.8.2-2].
 *
 * @example
 * ```ts
 * topicFilterProblem('a/b#'); // '"#" must be a whole level ...'
 * ```
 */
export function topicFilterProblem(filter: string): string | null {
  const n = filter.length;
  for (let i = 0; i < n; i++) {
    const c = filter.charCodeAt(i);
    if (c === HASH) {
      if ((i > 0 && filter.charCodeAt(i - 1) !== SLASH) || i !== n - 1) {
        return '"#" must be a whole level and the last one [MQTT-4.7.1-2]';
      }
    } else if (c === PLUS) {
      if ((i > 0 && filter.charCodeAt(i - 1) !== SLASH) || (i < n - 1 && filter.charCodeAt(i + 1) !== SLASH)) {
        return '"+" must be a whole level [MQTT-4.7.1-3]';
      }
    }
  }
  return commonProblem(filter);
}

/**
 * Checks `s` as a topic of the kind `problem` tells about (e.g. {@link topicNameProblem}),
 * naming it `what` in the errors.
 *
 * @throws TypeError when `s` is not a string; RangeError `what "s" problem` when it is not valid
 * @example
 * ```ts
 * checkTopic('PUBLISH: topic name', topic, topicNameProblem);
 * ```
 */
export function checkTopic(what: string, s: unknown, problem: (s: string) => string | null): void {
  checkString(s, what);
  const p = problem(s);
  if (p !== null) throw new RangeError(what + ' "' + s.slice(0, 64) + '" ' + p);
}

/**
 * Checks a topic name for PUBLISH or a will.
 *
 * @throws TypeError when `topic` is not a string
 * @throws RangeError when it is empty, holds U+0000, a lone surrogate or a wildcard, or
 *   exceeds 65,535 bytes [MQTT-3.3.2-2] [MQTT-4.7.3-1] [MQTT-4.7.3-2] [MQTT-4.7.3-3]
 * @example
 * ```ts
 * assertTopicName('sensors/1/temp'); // fine
 * assertTopicName('sensors/+');      // RangeError
 * ```
 */
export function assertTopicName(topic: unknown): asserts topic is string {
  checkTopic('topic name', topic, topicNameProblem);
}

/**
 * Checks a topic filter for SUBSCRIBE or UNSUBSCRIBE.
 *
 * @throws TypeError when `filter` is not a string
 * @throws RangeError when it is empty, holds U+0000 or a lone surrogate, exceeds 65,535
 *   bytes, or places `#` or `+` other than as a whole level (`#` last) [MQTT-4.7.1-2] [MQTT-4.7.1-3];
 *   a `$share/` filter without ShareName or filter, or with `+`/`#` in its ShareName [MQTT-4.8.2-2]
 * @example
 * ```ts
 * assertTopicFilter('sensors/+/temp'); // fine
 * assertTopicFilter('sensors/#/temp'); // RangeError
 * ```
 */
export function assertTopicFilter(filter: unknown): asserts filter is string {
  checkTopic('topic filter', filter, topicFilterProblem);
}

/**
 * Whether topic name `topic` matches topic filter `filter`. `+` matches exactly one level
 * (possibly empty), `#` the parent level and any number below it [MQTT-4.7.1]. A filter
 * starting with a wildcard does not match topics starting with `$` [MQTT-4.7.2-1].
 * Both arguments are assumed valid (see {@link assertTopicFilter}).
 *
 * @example
 * ```ts
 * topicMatchesFilter('sport/#', 'sport');           // true
 * topicMatchesFilter('+/monitor/Clients', '$SYS/monitor/Clients'); // false
 * ```
 */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  const fl = filter.length;
  const tl = topic.length;
  if (topic.charCodeAt(0) === DOLLAR) {
    const f0 = filter.charCodeAt(0);
    if (f0 === PLUS || f0 === HASH) return false;
  }
  let ti = 0;
  for (let fi = 0; fi < fl; fi++) {
    const c = filter.charCodeAt(fi);
    if (ti < tl && topic.charCodeAt(ti) === c) {
      ti++; // a topic name holds no wildcard, so this is a literal character
    } else if (c === PLUS) {
      while (ti < tl && topic.charCodeAt(ti) !== SLASH) ti++;
    } else if (c === HASH) {
      return true; // a whole last level: it matches the rest of the topic, whatever it is
    } else {
      // A mismatch: only a topic that ends where a final "/#" starts still matches ("a/#" and "a").
      return ti === tl && c === SLASH && fi === fl - 2 && filter.charCodeAt(fi + 1) === HASH;
    }
  }
  return ti === tl;
}
