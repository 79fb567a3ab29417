import type { ReconnectPolicy } from '../lib/client/types';

/** A {@link ReconnectPolicy} with every default filled in and every value checked. */
export interface NormalizedReconnectPolicy {
  /** First delay in ms. */
  initialDelay: number;
  /** Cap in ms; no delay exceeds it, jitter included. */
  maxDelay: number;
  /** Growth factor, >= 1. */
  factor: number;
  /** Jitter as a fraction in [0, 1]. */
  jitter: number;
  /** Retries allowed in a row; `Infinity` for no limit. */
  maxAttempts: number;
  /** Random source in [0, 1). */
  random: () => number;
}

/** The longest delay `setTimeout` (and so every RxJS timer) honours: 2^31 − 1 ms, about 24.8 days. */
export const MAX_TIMER_DELAY = 2147483647;

function mathRandom(): number {
  return Math.random();
}

/** Defaults of {@link ReconnectPolicy}: 1 s, ×2, 120 s cap, ±25 %, no attempt limit, `Math.random`. */
export const DEFAULT_RECONNECT_POLICY: Readonly<NormalizedReconnectPolicy> = {
  initialDelay: 1000,
  maxDelay: 120000,
  factor: 2,
  jitter: 0.25,
  maxAttempts: Infinity,
  random: mathRandom,
};

/**
 * The number `name` of `policy`, or `fallback` when absent.
 * @throws TypeError "reconnect.`name` must be a number, got ..." (NaN included);
 *   RangeError "reconnect.`name` must be `rule`, got ..." when `valid` refuses it
 */
function numberOption(
  policy: ReconnectPolicy,
  name: keyof ReconnectPolicy,
  fallback: number,
  valid: (value: number) => boolean,
  rule: string,
): number {
  const value = policy[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || value !== value) {
    throw new TypeError('reconnect.' + name + ' must be a number, got ' + describe(value));
  }
  if (!valid(value)) throw new RangeError('reconnect.' + name + ' must be ' + rule + ', got ' + value);
  return value;
}

/** A delay a timer can wait: 0 to {@link MAX_TIMER_DELAY} ms. */
function isTimerDelay(value: number): boolean {
  return value >= 0 && value <= MAX_TIMER_DELAY;
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value;
}

/**
 * Checks a reconnect policy and fills in the defaults ({@link DEFAULT_RECONNECT_POLICY};
 * the default `maxDelay` rises to `initialDelay` when that is larger). The client calls
 * it at `createClient` time so a bad `reconnect` option fails at once.
 *
 * @returns a new {@link NormalizedReconnectPolicy}; the argument is not modified.
 * @throws TypeError when `policy` is not an object, a value is not a number (or NaN),
 *   or `random` is not a function.
 * @throws RangeError when `initialDelay` or `maxDelay` is outside 0 to
 *   {@link MAX_TIMER_DELAY} (infinite included), `maxDelay < initialDelay`, `factor < 1`
 *   or infinite, `jitter` outside [0, 1], or `maxAttempts` is not a whole number >= 0
 *   (or `Infinity`).
 *
 * @example
 * ```ts
 * normalizeReconnectPolicy({ initialDelay: 500 });
 * // { initialDelay: 500, maxDelay: 120000, factor: 2, jitter: 0.25, maxAttempts: Infinity, random: <Math.random> }
 * ```
 */
export function normalizeReconnectPolicy(policy?: ReconnectPolicy): NormalizedReconnectPolicy {
  if (policy === undefined) policy = {};
  if (policy === null || typeof policy !== 'object') {
    throw new TypeError('reconnect policy must be an object, got ' + describe(policy));
  }
  const d = DEFAULT_RECONNECT_POLICY;
  const delayRule = 'from 0 to ' + MAX_TIMER_DELAY + ' ms (the longest timer)';
  const initialDelay = numberOption(policy, 'initialDelay', d.initialDelay, isTimerDelay, delayRule);
  const maxDelay = numberOption(policy, 'maxDelay', Math.max(d.maxDelay, initialDelay), isTimerDelay, delayRule);
  if (maxDelay < initialDelay) {
    throw new RangeError('reconnect.maxDelay (' + maxDelay + ') must be >= reconnect.initialDelay (' + initialDelay + ')');
  }
  const factor = numberOption(policy, 'factor', d.factor, (f) => f >= 1 && f !== Infinity, 'a finite number >= 1');
  const jitter = numberOption(policy, 'jitter', d.jitter, (j) => j >= 0 && j <= 1, 'between 0 and 1');
  const maxAttempts = numberOption(
    policy,
    'maxAttempts',
    d.maxAttempts,
    (n) => n >= 0 && Math.floor(n) === n, // Math.floor(Infinity) is Infinity
    'a whole number >= 0 or Infinity',
  );
  const random = policy.random === undefined ? d.random : policy.random;
  if (typeof random !== 'function') {
    throw new TypeError('reconnect.random must be a function, got ' + describe(random));
  }
  return { initialDelay: initialDelay, maxDelay: maxDelay, factor: factor, jitter: jitter, maxAttempts: maxAttempts, random: random };
}

/**
 * The delay in ms before retry number `attempt` (1 for the first retry):
 * `min(maxDelay, initialDelay × factor^(attempt − 1))`, then spread by ±`jitter`
 * (a uniform draw from the random source) and capped at `maxDelay` again, rounded
 * to whole milliseconds. Pure: the same policy, attempt and random source give the
 * same delay.
 *
 * @param policy the policy (defaults as in {@link DEFAULT_RECONNECT_POLICY}).
 * @param attempt the retry number, a whole number >= 1.
 * @param random random source in [0, 1); wins over `policy.random`.
 * @returns a whole number of ms in `[base × (1 − jitter), min(maxDelay, base × (1 + jitter))]`.
 * @throws what {@link normalizeReconnectPolicy} throws; TypeError/RangeError for a bad
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

/**
 * {@link backoffDelay} for a policy that {@link normalizeReconnectPolicy} returned and
 * an attempt known to be a whole number >= 1 (what `retryBackoff` and the client call
 * on every retry): the same delay, drawn from the policy's own random source, without
 * checking the arguments again.
 *
 * @throws RangeError when `p.random` returns a value outside [0, 1]
 * @example
 * ```ts
 * policyDelay(normalizeReconnectPolicy({ random: () => 0.5 }), 3); // 4000
 * ```
 */
export function policyDelay(p: NormalizedReconnectPolicy, attempt: number): number {
  const draw = p.random();
  if (typeof draw !== 'number' || !(draw >= 0 && draw <= 1)) {
    throw new RangeError('the random source must return a number in [0, 1), got ' + describe(draw));
  }
  let base = p.initialDelay === 0 ? 0 : p.initialDelay * Math.pow(p.factor, attempt - 1);
  if (base > p.maxDelay) base = p.maxDelay; // also when factor^attempt overflows to Infinity
  const delay = Math.round(base * (1 + p.jitter * (2 * draw - 1)));
  return delay > p.maxDelay ? p.maxDelay : delay;
}
