/**
 * The ESP sensors seed's reconnect strategy for deep-sleep devices, as pure functions
 * over a plain JSON object the device saves across sleeps. Nothing here reads a clock:
 * the caller passes `now` (ms since the epoch, or any monotonic ms count that
 * survives the sleep).
 */

/**
 * State of a {@link createSleepSchedule} schedule: its settings and its counters, plain
 * JSON. Save it with `JSON.stringify` before deep sleep; restore it with
 * `createSleepSchedule(JSON.parse(saved))`.
 */
export interface SleepScheduleState {
  /** When false, every wake-up may try (the seed's `enabled`). */
  enabled: boolean;
  /** Tries in a row without waiting before the backoff starts (seed `max_attempts`, default 3). */
  maxAttempts: number;
  /** Growth of the wait per further failure (seed `backoff_factor`, default 2). */
  backoffFactor: number;
  /** First wait after `maxAttempts` failures, ms (seed `min_interval`, default 1 h). */
  minInterval: number;
  /** Longest wait, ms (seed `max_interval`, default 6 h). */
  maxInterval: number;
  /** Failed attempts in a row (seed `attempt_count`). */
  attemptCount: number;
  /** When the last attempt was made, ms; 0 for never (seed `last_attempt_time`). */
  lastAttemptTime: number;
}

/** Options of {@link createSleepSchedule}: any part of a {@link SleepScheduleState}. */
export type SleepScheduleOptions = Partial<SleepScheduleState>;

const HOUR = 3600000;

/** The seed's defaults: 3 tries, factor 2, 1 h, 6 h; counters at zero. */
export const DEFAULT_SLEEP_SCHEDULE: Readonly<SleepScheduleState> = {
  enabled: true,
  maxAttempts: 3,
  backoffFactor: 2,
  minInterval: HOUR,
  maxInterval: 6 * HOUR,
  attemptCount: 0,
  lastAttemptTime: 0,
};

function pick(options: SleepScheduleOptions, name: keyof SleepScheduleState): number {
  const value = options[name];
  const fallback = DEFAULT_SLEEP_SCHEDULE[name] as number;
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || value !== value) {
    throw new TypeError('sleep schedule: ' + name + ' must be a number, got ' + String(value));
  }
  if (value < 0 || value === Infinity) {
    throw new RangeError('sleep schedule: ' + name + ' must be a finite number >= 0, got ' + value);
  }
  return value;
}

function whole(name: string, value: number, min: number): void {
  if (Math.floor(value) !== value || value < min) {
    throw new RangeError('sleep schedule: ' + name + ' must be a whole number >= ' + min + ', got ' + value);
  }
}

/**
 * Creates (or restores and checks) a schedule state. Missing fields take the seed's
 * defaults ({@link DEFAULT_SLEEP_SCHEDULE}); unknown fields are left out.
 *
 * @returns a new plain {@link SleepScheduleState}.
 * @throws TypeError when `options` is not an object or a field has the wrong type.
 * @throws RangeError for a negative or infinite number, `maxAttempts < 1`, a fractional
 *   `maxAttempts`/`attemptCount`, `backoffFactor < 1`, or `maxInterval < minInterval`.
 *
 * @example
 * ```ts
 * let schedule = createSleepSchedule({ minInterval: 30 * 60000 });
 * const saved = JSON.stringify(schedule);            // before deep sleep
 * schedule = createSleepSchedule(JSON.parse(saved)); // after waking
 * ```
 */
export function createSleepSchedule(options?: SleepScheduleOptions): SleepScheduleState {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') {
    throw new TypeError('sleep schedule must be an object, got ' + String(options));
  }
  const enabled = options.enabled === undefined ? true : options.enabled;
  if (typeof enabled !== 'boolean') {
    throw new TypeError('sleep schedule: enabled must be a boolean, got ' + String(enabled));
  }
  const state: SleepScheduleState = {
    enabled: enabled,
    maxAttempts: pick(options, 'maxAttempts'),
    backoffFactor: pick(options, 'backoffFactor'),
    minInterval: pick(options, 'minInterval'),
    maxInterval: pick(options, 'maxInterval'),
    attemptCount: pick(options, 'attemptCount'),
    lastAttemptTime: pick(options, 'lastAttemptTime'),
  };
  whole('maxAttempts', state.maxAttempts, 1);
  whole('attemptCount', state.attemptCount, 0);
  if (state.backoffFactor < 1) {
    throw new RangeError('sleep schedule: backoffFactor must be >= 1, got ' + state.backoffFactor);
  }
  if (state.maxInterval < state.minInterval) {
    throw new RangeError(
      'sleep schedule: maxInterval (' + state.maxInterval + ') must be >= minInterval (' + state.minInterval + ')',
    );
  }
  return state;
}

function checkNow(now: number): void {
  if (typeof now !== 'number' || now !== now) throw new TypeError('now must be a number, got ' + String(now));
  if (now < 0 || now === Infinity) throw new RangeError('now must be a finite number >= 0, got ' + now);
}

/**
 * The wait the schedule asks for after the last attempt, in ms: 0 while fewer than
 * `maxAttempts` attempts have failed in a row (or when disabled), else
 * `min(maxInterval, minInterval × backoffFactor^(attemptCount − maxAttempts))`.
 *
 * @example
 * ```ts
 * retryInterval(createSleepSchedule({ attemptCount: 4 })); // 7200000 (2 h)
 * ```
 */
export function retryInterval(state: SleepScheduleState): number {
  const s = createSleepSchedule(state);
  if (!s.enabled || s.attemptCount < s.maxAttempts || s.minInterval === 0) return 0;
  const interval = s.minInterval * Math.pow(s.backoffFactor, s.attemptCount - s.maxAttempts);
  return interval > s.maxInterval ? s.maxInterval : interval;
}

/**
 * The earliest time (ms) at which {@link shouldTryNow} says yes:
 * `lastAttemptTime + retryInterval(state)`, or 0 when no wait is due.
 * A device can deep-sleep until then.
 *
 * @example
 * ```ts
 * const sleepMs = Math.max(nextAttemptAt(schedule) - Date.now(), normalWakeInterval);
 * ```
 */
export function nextAttemptAt(state: SleepScheduleState): number {
  const interval = retryInterval(state);
  return interval === 0 ? 0 : state.lastAttemptTime + interval;
}

/**
 * Should the device try to connect at `now`? Yes while fewer than `maxAttempts`
 * attempts have failed in a row, when the schedule is disabled, or when
 * {@link retryInterval} has passed since the last attempt. Also yes when `now` is
 * before the last attempt: a clock set back (a power loss resetting the RTC) would
 * otherwise block connections until it catches up; the seed does not do this.
 *
 * @throws TypeError/RangeError for a bad state or a `now` that is not a finite number >= 0.
 *
 * @example
 * ```ts
 * if (shouldTryNow(schedule, Date.now())) {
 *   client.connect().subscribe({
 *     next: () => (schedule = recordSuccess(schedule, Date.now())),
 *     error: () => (schedule = recordFailure(schedule, Date.now())),
 *   });
 * }
 * ```
 */
export function shouldTryNow(state: SleepScheduleState, now: number): boolean {
  checkNow(now);
  const at = nextAttemptAt(state);
  return now >= at || now < state.lastAttemptTime;
}

/**
 * The state after a failed attempt at `now`: `attemptCount + 1`, `lastAttemptTime = now`.
 * Returns a new object; the argument is not modified.
 *
 * @example
 * ```ts
 * schedule = recordFailure(schedule, Date.now());
 * ```
 */
export function recordFailure(state: SleepScheduleState, now: number): SleepScheduleState {
  checkNow(now);
  const next = createSleepSchedule(state);
  next.attemptCount = next.attemptCount + 1;
  next.lastAttemptTime = now;
  return next;
}

/**
 * The state after a successful connection: `attemptCount = 0` and, when `now` is
 * given, `lastAttemptTime = now` (as the seed stamps it). Returns a new object.
 *
 * @example
 * ```ts
 * schedule = recordSuccess(schedule, Date.now());
 * ```
 */
export function recordSuccess(state: SleepScheduleState, now?: number): SleepScheduleState {
  if (now !== undefined) checkNow(now);
  const next = createSleepSchedule(state);
  next.attemptCount = 0;
  if (now !== undefined) next.lastAttemptTime = now;
  return next;
}
