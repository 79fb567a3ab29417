/**
 * Shared subscriptions [MQTT-4.8.2]: `$share/{ShareName}/{filter}`. The broker hands
 * each message matching `filter` to one session of the group `ShareName`. MQTT 5
 * defines them; mosquitto 2, EMQX, HiveMQ, VerneMQ and RabbitMQ accept the same
 * filters on 3.1.1 connections. Their rules are checked where the client subscribes
 * ({@link assertSubscriptionFilter}): to a 3.1.1 codec a `$share/` filter is a filter like
 * any other.
 */
import { checkTopic, topicFilterProblem } from './topic';

/** The prefix of a shared subscription's topic filter. */
export const SHARE_PREFIX = '$share/';

/** A shared subscription's filter split into its group and the filter topics are matched against. */
export interface SharedFilter {
  /** The ShareName: at least one character, no `/`, `+` or `#` [MQTT-4.8.2-2]. */
  group: string;
  /** The topic filter after `$share/{ShareName}/`, matched against topic names. */
  filter: string;
}

/**
 * Splits `$share/{ShareName}/{filter}` into its parts; `null` for a filter that does
 * not start with `$share/` (a plain subscription). The parts are not validated (see
 * {@link sharedFilterProblem}).
 *
 * @example
 * ```ts
 * parseSharedFilter('$share/workers/jobs/#'); // { group: 'workers', filter: 'jobs/#' }
 * parseSharedFilter('jobs/#');                // null
 * ```
 */
export function parseSharedFilter(filter: string): SharedFilter | null {
  if (filter.slice(0, SHARE_PREFIX.length) !== SHARE_PREFIX) return null;
  const rest = filter.slice(SHARE_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return { group: rest, filter: '' };
  return { group: rest.slice(0, slash), filter: rest.slice(slash + 1) };
}

/**
 * The filter that topic names are matched against: the part after
 * `$share/{ShareName}/` for a shared subscription, else `filter` itself.
 *
 * @example
 * ```ts
 * matchingFilter('$share/g/sensors/+'); // 'sensors/+'
 * matchingFilter('sensors/+');          // 'sensors/+'
 * ```
 */
export function matchingFilter(filter: string): string {
  const shared = parseSharedFilter(filter);
  return shared === null ? filter : shared.filter;
}

/**
 * What is wrong with the `$share/` part of `filter`, or `null` when it is fine (also
 * for every filter that is not shared): the ShareName must be at least one character
 * and hold no `/`, `+` or `#`, and be followed by `/` and a topic filter
 * [MQTT-4.8.2-1] [MQTT-4.8.2-2]. The filter after it is checked as any other.
 *
 * @example
 * ```ts
 * sharedFilterProblem('$share/g/a/#'); // null
 * sharedFilterProblem('$share/g');     // 'needs a topic filter after the ShareName ...'
 * sharedFilterProblem('$share/+/a');   // 'ShareName "+" must not contain "+" ...'
 * ```
 */
export function sharedFilterProblem(filter: string): string | null {
  const shared = parseSharedFilter(filter);
  if (shared === null) return null;
  if (shared.group === '') return 'needs a ShareName after "$share/" [MQTT-4.8.2-1]';
  for (let i = 0; i < shared.group.length; i++) {
    const c = shared.group.charAt(i);
    if (c === '+' || c === '#') return 'ShareName "' + shared.group + '" must not contain "' + c + '" [MQTT-4.8.2-2]';
  }
  if (filter.length === SHARE_PREFIX.length + shared.group.length) {
    return 'needs a topic filter after the ShareName: $share/' + shared.group + '/<filter> [MQTT-4.8.2-2]';
  }
  if (shared.filter === '') return 'has an empty topic filter after the ShareName [MQTT-4.8.2-2]';
  return null;
}

/**
 * Checks a filter given to `topic()`: the topic-filter rules [MQTT-4.7.1] and, for a
 * `$share/` filter, the ShareName rules [MQTT-4.8.2].
 *
 * @throws TypeError when `filter` is not a string
 * @throws RangeError naming the broken rule
 * @example
 * ```ts
 * assertSubscriptionFilter('$share/workers/jobs/#'); // fine
 * assertSubscriptionFilter('$share//jobs');          // RangeError: ... needs a ShareName after "$share/" [MQTT-4.8.2-1]
 * ```
 */
export function assertSubscriptionFilter(filter: unknown): asserts filter is string {
  checkTopic('topic filter', filter, (f) => sharedFilterProblem(f) || topicFilterProblem(f));
}
