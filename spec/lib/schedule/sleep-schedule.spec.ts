import * as fc from 'fast-check';
import {
  createSleepSchedule,
  DEFAULT_SLEEP_SCHEDULE,
  nextAttemptAt,
  recordFailure,
  recordSuccess,
  retryInterval,
  type SleepScheduleState,
  shouldTryNow,
} from '../../../lib/schedule/sleep-schedule';
import { expectThrows } from '../../operators/support/expect-throws';

const MIN = 60000;
const HOUR = 60 * MIN;
const T0 = 1700000000000; // some wake-up, ms since the epoch

function failTimes(n: number, at: number, state = createSleepSchedule()): SleepScheduleState {
  for (let i = 0; i < n; i++) state = recordFailure(state, at);
  return state;
}

describe('createSleepSchedule', () => {
  it("has the seed's defaults: 3 tries, factor 2, 1 h, 6 h, counters at zero", () => {
    expect(createSleepSchedule()).toEqual({
      enabled: true,
      maxAttempts: 3,
      backoffFactor: 2,
      minInterval: HOUR,
      maxInterval: 6 * HOUR,
      attemptCount: 0,
      lastAttemptTime: 0,
    });
    expect(createSleepSchedule()).not.toBe(DEFAULT_SLEEP_SCHEDULE);
  });

  it('survives a JSON round trip (what a device saves across deep sleep) and drops unknown fields', () => {
    const state = recordFailure(createSleepSchedule({ minInterval: 10 * MIN }), T0);
    const restored = createSleepSchedule(JSON.parse(JSON.stringify({ ...state, junk: 1 })));
    expect(restored).toEqual(state);
  });

  it.each<[string, unknown, ErrorConstructor, string]>([
    ['null', null, TypeError, 'sleep schedule must be an object, got null'],
    ['a string enabled', { enabled: 'yes' }, TypeError, 'sleep schedule: enabled must be a boolean, got yes'],
    ['a string maxAttempts', { maxAttempts: '3' }, TypeError, 'sleep schedule: maxAttempts must be a number, got 3'],
    ['a NaN attemptCount', { attemptCount: NaN }, TypeError, 'sleep schedule: attemptCount must be a number, got NaN'],
    ['maxAttempts 0', { maxAttempts: 0 }, RangeError, 'sleep schedule: maxAttempts must be a whole number >= 1, got 0'],
    ['a fractional attemptCount', { attemptCount: 1.5 }, RangeError, 'sleep schedule: attemptCount must be a whole number >= 0, got 1.5'],
    ['a negative minInterval', { minInterval: -1 }, RangeError, 'sleep schedule: minInterval must be a finite number >= 0, got -1'],
    ['an infinite maxInterval', { maxInterval: Infinity }, RangeError, 'sleep schedule: maxInterval must be a finite number >= 0, got Infinity'],
    ['a negative lastAttemptTime', { lastAttemptTime: -5 }, RangeError, 'sleep schedule: lastAttemptTime must be a finite number >= 0, got -5'],
    ['backoffFactor below 1', { backoffFactor: 0.5 }, RangeError, 'sleep schedule: backoffFactor must be >= 1, got 0.5'],
    ['maxInterval below minInterval', { minInterval: 10, maxInterval: 5 }, RangeError, 'sleep schedule: maxInterval (5) must be >= minInterval (10)'],
  ])('rejects %s', (_name, options, cls, message) => {
    expectThrows(() => createSleepSchedule(options as never), cls, message);
  });
});

describe('the schedule after failures in a row (seed formula min_interval × factor^(n − max_attempts), capped)', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 1 * HOUR],
    [4, 2 * HOUR],
    [5, 4 * HOUR],
    [6, 6 * HOUR], // 8 h capped
    [40, 6 * HOUR],
    [5000, 6 * HOUR], // 2^4997 overflows to Infinity: still the cap
  ])('after %i failures the wait is %i ms', (failures, wait) => {
    const state = createSleepSchedule({ attemptCount: failures, lastAttemptTime: T0 });
    expect(retryInterval(state)).toBe(wait);
    expect(nextAttemptAt(state)).toBe(wait === 0 ? 0 : T0 + wait);
  });

  it('tries on every wake-up during the first maxAttempts failures, without waiting', () => {
    let state = createSleepSchedule();
    for (let i = 0; i < 3; i++) {
      expect(shouldTryNow(state, T0 + i)).toBe(true);
      state = recordFailure(state, T0 + i);
    }
    expect(state.attemptCount).toBe(3);
    expect(shouldTryNow(state, T0 + 3)).toBe(false);
  });

  it('says yes exactly when the interval since the last attempt has passed', () => {
    const state = failTimes(4, T0); // wait 2 h
    expect(shouldTryNow(state, T0 + 2 * HOUR - 1)).toBe(false);
    expect(shouldTryNow(state, T0 + 2 * HOUR)).toBe(true);
  });

  it('allows an attempt when the clock went back before the last attempt (RTC reset)', () => {
    const state = failTimes(5, T0);
    expect(shouldTryNow(state, 1000)).toBe(true);
  });

  it('always says yes when disabled, and with minInterval 0', () => {
    expect(shouldTryNow(failTimes(10, T0, createSleepSchedule({ enabled: false })), T0)).toBe(true);
    expect(shouldTryNow(failTimes(10, T0, createSleepSchedule({ minInterval: 0 })), T0)).toBe(true);
  });

  it('resets the count on success and stamps the time when given', () => {
    const failed = failTimes(6, T0);
    expect(recordSuccess(failed, T0 + HOUR)).toEqual({ ...failed, attemptCount: 0, lastAttemptTime: T0 + HOUR });
    expect(recordSuccess(failed)).toEqual({ ...failed, attemptCount: 0 });
    expect(shouldTryNow(recordSuccess(failed), T0)).toBe(true);
  });

  it('never modifies the state it is given', () => {
    const state = createSleepSchedule();
    const copy = { ...state };
    recordFailure(state, T0);
    recordSuccess(recordFailure(state, T0), T0);
    expect(state).toEqual(copy);
  });

  it("keeps the seed's promise: at least 4 attempts a day with the broker down for good", () => {
    // a device waking every 10 minutes for 3 days, broker unreachable
    let state = createSleepSchedule();
    const perDay = [0, 0, 0];
    for (let now = T0; now < T0 + 72 * HOUR; now += 10 * MIN) {
      if (shouldTryNow(state, now)) {
        perDay[Math.floor((now - T0) / (24 * HOUR))]++;
        state = recordFailure(state, now);
      }
    }
    // day 1: 0:00, 0:10, 0:20, then waits of 1, 2, 4, 6, 6 h → 1:20, 3:20, 7:20, 13:20, 19:20;
    // later days every 6 h: 25:20, 31:20, 37:20, 43:20, ...
    expect(perDay).toEqual([8, 4, 4]);
  });

  it('agrees with nextAttemptAt for any state and time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 10 * HOUR }),
        fc.integer({ min: 0, max: 2 * T0 }),
        fc.integer({ min: 0, max: 2 * T0 }),
        (maxAttempts, attemptCount, minInterval, lastAttemptTime, now) => {
          const state = createSleepSchedule({ maxAttempts, attemptCount, minInterval, maxInterval: 2 * minInterval, lastAttemptTime });
          expect(shouldTryNow(state, now)).toBe(now >= nextAttemptAt(state) || now < lastAttemptTime);
        },
      ),
    );
  });

  it.each<[unknown, ErrorConstructor, string]>([
    [NaN, TypeError, 'now must be a number, got NaN'],
    ['12', TypeError, 'now must be a number, got 12'],
    [-1, RangeError, 'now must be a finite number >= 0, got -1'],
    [Infinity, RangeError, 'now must be a finite number >= 0, got Infinity'],
  ])('rejects now = %p', (now, cls, message) => {
    const state = createSleepSchedule();
    expectThrows(() => shouldTryNow(state, now as number), cls, message);
    expectThrows(() => recordFailure(state, now as number), cls, message);
    expectThrows(() => recordSuccess(state, now as number), cls, message);
  });

  it('rejects a corrupted saved state', () => {
    const corrupted = { ...createSleepSchedule(), attemptCount: -2 };
    expectThrows(() => shouldTryNow(corrupted, T0), RangeError, 'sleep schedule: attemptCount must be a finite number >= 0, got -2');
  });
});
