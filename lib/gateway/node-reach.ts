import { topicMatchesFilter } from '../codec/topic';

/**
 * Where one node may reach: the topics it may publish to and the filters it may
 * subscribe within, each a list of MQTT filters.
 */
export interface NodeReach {
  /** A publication is allowed when its topic matches one of these. */
  publish: string[];
  /** A subscription is allowed when its filter lies within one of these ({@link filterWithin}). */
  subscribe: string[];
}

/**
 * Whether every topic `requested` can match is also matched by `allowed`: `sensors/+`
 * lies within `sensors/#`, `sensors/#` does not lie within `sensors/+`.
 *
 * @example
 * ```ts
 * filterWithin('nodes/A/#', 'nodes/A/cmd');   // true
 * filterWithin('nodes/A/#', 'nodes/+/cmd');   // false
 * ```
 */
export function filterWithin(allowed: string, requested: string): boolean {
  const a = allowed.split('/');
  const r = requested.split('/');
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '#') return true;
    if (i >= r.length || r[i] === '#') return false;
    if (a[i] !== '+' && a[i] !== r[i]) return false;
  }
  return a.length === r.length;
}

/** The topics no node may ever publish to or subscribe to: the gateway's own. */
export interface GuardedTopics {
  /** Topics the gateway publishes to (errors, status). */
  reports: string[];
  /** Topics the gateway listens to for itself (statreq). */
  inputs: string[];
}

/**
 * Why a node may not publish to `topic`, or `null` when `reach` allows it: `$`-topics
 * (the broker's) and the gateway's own topics are refused whatever the reach says.
 *
 * @example
 * ```ts
 * publishRefusal('$SYS/x', reach, guarded); // 'a $-topic'
 * ```
 */
export function publishRefusal(topic: string, reach: NodeReach, guarded: GuardedTopics): string | null {
  if (topic.charAt(0) === '$') return 'a $-topic';
  const own = guarded.reports.concat(guarded.inputs);
  for (let i = 0; i < own.length; i++) if (topicMatchesFilter(own[i], topic)) return "one of the gateway's own topics";
  for (let i = 0; i < reach.publish.length; i++) if (topicMatchesFilter(reach.publish[i], topic)) return null;
  return 'outside its reach';
}

/**
 * Why a node may not subscribe to `filter`, or `null` when `reach` allows it: `$`
 * filters and filters that could match one of the gateway's own topics are refused
 * (so a node can never be a route for the gateway's reports back into the gateway).
 *
 * @example
 * ```ts
 * subscribeRefusal('#', { publish: [], subscribe: ['#'] }, { reports: ['gw_errors'], inputs: [] });
 * // "it matches the gateway's own topic gw_errors"
 * ```
 */
export function subscribeRefusal(filter: string, reach: NodeReach, guarded: GuardedTopics): string | null {
  if (filter.charAt(0) === '$') return 'a $-filter';
  const own = guarded.reports.concat(guarded.inputs);
  for (let i = 0; i < own.length; i++) {
    if (topicMatchesFilter(filter, own[i]) || filterWithin(filter, own[i]) || filterWithin(own[i], filter)) {
      return "it matches the gateway's own topic " + own[i];
    }
  }
  for (let i = 0; i < reach.subscribe.length; i++) if (filterWithin(reach.subscribe[i], filter)) return null;
  return 'outside its reach';
}
