/**
 * The reconnect policy, in one place: its defaults and checks, the delay before each
 * retry, and which errors no retry can cure. `retryBackoff` (and so the client's own
 * reconnect loop, and the public operator) and `backoffDelay` build on it.
 */
import type { ReconnectPolicy } from '../types';

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

/** A value as error messages show it. */
export function describe(value: unknown): string {
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
 * `backoffDelay` (see `operators/backoff-delay`) for a policy that {@link normalizeReconnectPolicy} returned and
 * an attempt known to be a whole number >= 1 (what `retryBackoff`, and so the client's reconnect loop, call
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

/** MQTT 5 CONNACK reason codes that retrying cannot cure. */
const FATAL_REASON_CODES = [0x84, 0x85, 0x86, 0x87, 0x8a, 0x8c];

/**
 * True for the CONNACK refusals that retrying cannot cure: return codes 1
 * (unacceptable protocol version), 2 (identifier rejected), 4 (bad user name or
 * password) and 5 (not authorised) [MQTT-3.2.2.3]. Code 3 (server unavailable) and
 * every other error are worth a retry. On MQTT 5 (a `reasonCode`): 0x84 (unsupported
 * protocol version), 0x85 (client identifier not valid), 0x86 (bad user name or
 * password), 0x87 (not authorized), 0x8a (banned), 0x8c (bad authentication method).
 * Recognises a `ConnectionRefusedError` by its
 * `code` `'CONNECTION_REFUSED'` and `returnCode`, so it also works across bundles.
 *
 * @example
 * ```ts
 * isFatalConnackError(new ConnectionRefusedError(4)); // true
 * isFatalConnackError(new ConnectionRefusedError(3)); // false
 * ```
 */
export function isFatalConnackError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { code?: unknown; returnCode?: unknown; reasonCode?: unknown };
  if (e.code !== 'CONNECTION_REFUSED') return false;
  if (typeof e.reasonCode === 'number') return FATAL_REASON_CODES.indexOf(e.reasonCode) >= 0;
  const rc = e.returnCode;
  return rc === 1 || rc === 2 || rc === 4 || rc === 5;
}
