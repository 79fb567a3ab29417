/** `$share/` opens a shared subscription's filter [MQTT-4.8.2]. */
const SHARE_PREFIX = '$share/';

/**
 * The Espruino build's stand-in for shared-subscription.ts: the device client routes
 * messages by plain filters only, so a `$share/` filter is refused at call time instead of
 * being checked and routed (that code costs about 50 of a board's variables, measured with
 * `npm run test:espruino`).
 *
 * @example
 * ```ts
 * sharedFilterProblem('$share/g/a'); // 'shared subscriptions ($share/...) are not supported by the Espruino build'
 * sharedFilterProblem('a/#');        // null
 * ```
 */
export function sharedFilterProblem(filter: string): string | null {
  return filter.slice(0, SHARE_PREFIX.length) === SHARE_PREFIX ? 'shared subscriptions ($share/...) are not supported by the Espruino build' : null;
}
