import type { ReconnectPolicy } from '../lib/client/types';
import { describe, normalizeReconnectPolicy, policyDelay } from '../lib/client/connection/reconnect-policy';

export {
  DEFAULT_RECONNECT_POLICY,
  MAX_TIMER_DELAY,
  normalizeReconnectPolicy,
  policyDelay,
} from '../lib/client/connection/reconnect-policy';
export type { NormalizedReconnectPolicy } from '../lib/client/connection/reconnect-policy';

/**
 * The delay in ms before retry number `attempt` (1 for the first retry):
 * `min(maxDelay, initialDelay × factor^(attempt − 1))`, then spread by ±`jitter`
 * (a uniform draw from the random source) and capped at `maxDelay` again, rounded
 * to whole milliseconds. Pure: the same policy, attempt and random source give the
 * same delay.
 *
 * @param policy the policy (defaults as in `DEFAULT_RECONNECT_POLICY`).
 * @param attempt the retry number, a whole number >= 1.
 * @param random random source in [0, 1); wins over `policy.random`.
 * @returns a whole number of ms in `[base × (1 − jitter), min(maxDelay, base × (1 + jitter))]`.
 * @throws what `normalizeReconnectPolicy` throws; TypeError/RangeError for a bad
 *   `attempt`; RangeError when the random source returns a value outside [0, 1].
 *
 * @example
 * ```ts
 * backoffDelay({}, 1, () => 0.5); // 1000
 * backoffDelay({}, 3, () => 0.5); // 4000
 * backoffDelay({}, 3, () => 0);   // 3000 (−25 %)
 * backoffDelay({}, 20, () => 0.5); // 120000 (the cap)
 * ```
 */
export function backoffDelay(policy: ReconnectPolicy, attempt: number, random?: () => number): number {
  const p = normalizeReconnectPolicy(policy);
  if (typeof attempt !== 'number' || attempt !== attempt) {
    throw new TypeError('attempt must be a number, got ' + describe(attempt));
  }
  if (attempt < 1 || Math.floor(attempt) !== attempt || attempt === Infinity) {
    throw new RangeError('attempt must be a whole number >= 1, got ' + attempt);
  }
  if (random !== undefined) {
    if (typeof random !== 'function') throw new TypeError('random must be a function, got ' + describe(random));
    p.random = random;
  }
  return policyDelay(p, attempt);
}
