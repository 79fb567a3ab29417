import * as fc from 'fast-check';
import { backoffDelay, DEFAULT_RECONNECT_POLICY, normalizeReconnectPolicy, policyDelay } from '../../operators/backoff-delay';
import { expectThrows } from './support/expect-throws';

const mid = () => 0.5; // no jitter: 1 + 0.25 × (2 × 0.5 − 1) = 1

describe('backoffDelay', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [7, 64000],
    [8, 120000], // 128000 capped
    [60, 120000],
    [5000, 120000], // factor^attempt overflows to Infinity: still the cap
  ])('with the defaults and no jitter, attempt %i waits %i ms', (attempt, expected) => {
    expect(backoffDelay({}, attempt, mid)).toBe(expected);
  });

  it.each([
    [0, 750], // −25 %
    [0.25, 875],
    [0.75, 1125],
    [0.999999, 1250], // +25 % (rounded)
  ])('spreads the delay by ±jitter: random %f gives %i ms on attempt 1', (draw, expected) => {
    expect(backoffDelay({}, 1, () => draw)).toBe(expected);
  });

  it('never exceeds maxDelay, jitter included', () => {
    expect(backoffDelay({}, 10, () => 0.99)).toBe(120000);
    expect(backoffDelay({}, 10, () => 0)).toBe(90000);
  });

  it('takes the random source from the argument, then the policy, then Math.random', () => {
    expect(backoffDelay({ random: () => 0 }, 1, () => 0.75)).toBe(1125);
    expect(backoffDelay({ random: () => 0 }, 1)).toBe(750);
    const spy = jest.spyOn(Math, 'random').mockReturnValue(0.25);
    try {
      expect(backoffDelay({}, 1)).toBe(875);
    } finally {
      spy.mockRestore();
    }
  });

  it('follows a custom policy', () => {
    const policy = { initialDelay: 100, factor: 3, maxDelay: 5000, jitter: 0 };
    const delays = [1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, Math.random));
    expect(delays).toEqual([100, 300, 900, 2700, 5000]);
  });

  it('with factor 1 is a constant delay, and initialDelay 0 retries at once', () => {
    expect(backoffDelay({ factor: 1, jitter: 0 }, 30)).toBe(1000);
    expect(backoffDelay({ initialDelay: 0, jitter: 1 }, 5000, () => 0.9)).toBe(0);
  });

  it('stays within [base × (1 − jitter), min(maxDelay, base × (1 + jitter))] for any policy', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 0, max: 200000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (initialDelay, extra, factor, jitter, attempt, draw) => {
          const maxDelay = initialDelay + extra;
          const delay = backoffDelay({ initialDelay, maxDelay, factor, jitter }, attempt, () => draw);
          const base = Math.min(maxDelay, initialDelay * Math.pow(factor, attempt - 1));
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(base * (1 - jitter)));
          expect(delay).toBeLessThanOrEqual(Math.min(maxDelay, Math.ceil(base * (1 + jitter))));
        },
      ),
    );
  });

  it.each([
    [0, RangeError, 'attempt must be a whole number >= 1, got 0'],
    [1.5, RangeError, 'attempt must be a whole number >= 1, got 1.5'],
    [Infinity, RangeError, 'attempt must be a whole number >= 1, got Infinity'],
    [NaN, TypeError, 'attempt must be a number, got NaN'],
    ['1', TypeError, 'attempt must be a number, got "1"'],
  ])('rejects attempt %p', (attempt, cls, message) => {
    expectThrows(() => backoffDelay({}, attempt as number), cls, message);
  });

  it('rejects a random source that is not a function or leaves [0, 1]', () => {
    expectThrows(() => backoffDelay({}, 1, 0.5 as unknown as () => number), TypeError, 'random must be a function, got 0.5');
    expectThrows(() => backoffDelay({}, 1, () => 1.5), RangeError, 'the random source must return a number in [0, 1), got 1.5');
    expectThrows(() => backoffDelay({}, 1, () => NaN), RangeError, 'the random source must return a number in [0, 1), got NaN');
  });
});

describe('normalizeReconnectPolicy', () => {
  it('fills in the defaults (1 s, ×2, 120 s, ±25 %, no limit, Math.random)', () => {
    expect(normalizeReconnectPolicy()).toEqual({
      initialDelay: 1000,
      maxDelay: 120000,
      factor: 2,
      jitter: 0.25,
      maxAttempts: Infinity,
      random: DEFAULT_RECONNECT_POLICY.random,
    });
    expect(normalizeReconnectPolicy({})).toEqual(DEFAULT_RECONNECT_POLICY);
  });

  it('keeps given values and does not modify its argument', () => {
    const random = () => 0.1;
    const policy = { initialDelay: 10, maxDelay: 20, factor: 1.5, jitter: 0, maxAttempts: 3, random };
    const normalized = normalizeReconnectPolicy(policy);
    expect(normalized).toEqual(policy);
    expect(normalized).not.toBe(policy);
  });

  it('raises the default cap to a larger initialDelay instead of failing', () => {
    expect(normalizeReconnectPolicy({ initialDelay: 300000 }).maxDelay).toBe(300000);
  });

  it('accepts the edges: zero delays, factor 1, jitter 0 and 1, maxAttempts 0 and Infinity', () => {
    expect(() =>
      normalizeReconnectPolicy({ initialDelay: 0, maxDelay: 0, factor: 1, jitter: 0, maxAttempts: 0 }),
    ).not.toThrow();
    expect(normalizeReconnectPolicy({ jitter: 1, maxAttempts: Infinity }).jitter).toBe(1);
  });

  it.each<[string, unknown, ErrorConstructor, string]>([
    ['null', null, TypeError, 'reconnect policy must be an object, got null'],
    ['a number', 5, TypeError, 'reconnect policy must be an object, got 5'],
    ['a negative initialDelay', { initialDelay: -1 }, RangeError, 'reconnect.initialDelay must be from 0 to 2147483647 ms (the longest timer), got -1'],
    ['an infinite initialDelay', { initialDelay: Infinity }, RangeError, 'reconnect.initialDelay must be from 0 to 2147483647 ms (the longest timer), got Infinity'],
    ['an initialDelay no timer can wait', { initialDelay: 2147483648 }, RangeError, 'reconnect.initialDelay must be from 0 to 2147483647 ms (the longest timer), got 2147483648'],
    ['a string initialDelay', { initialDelay: '1000' }, TypeError, 'reconnect.initialDelay must be a number, got "1000"'],
    ['a NaN factor', { factor: NaN }, TypeError, 'reconnect.factor must be a number, got NaN'],
    ['a negative maxDelay', { initialDelay: 0, maxDelay: -5 }, RangeError, 'reconnect.maxDelay must be from 0 to 2147483647 ms (the longest timer), got -5'],
    ['an infinite maxDelay', { maxDelay: Infinity }, RangeError, 'reconnect.maxDelay must be from 0 to 2147483647 ms (the longest timer), got Infinity'],
    ['a maxDelay no timer can wait', { maxDelay: 2147483648 }, RangeError, 'reconnect.maxDelay must be from 0 to 2147483647 ms (the longest timer), got 2147483648'],
    ['maxDelay below initialDelay', { initialDelay: 500, maxDelay: 100 }, RangeError, 'reconnect.maxDelay (100) must be >= reconnect.initialDelay (500)'],
    ['factor below 1', { factor: 0.5 }, RangeError, 'reconnect.factor must be a finite number >= 1, got 0.5'],
    ['an infinite factor', { factor: Infinity }, RangeError, 'reconnect.factor must be a finite number >= 1, got Infinity'],
    ['jitter below 0', { jitter: -0.1 }, RangeError, 'reconnect.jitter must be between 0 and 1, got -0.1'],
    ['jitter above 1', { jitter: 1.5 }, RangeError, 'reconnect.jitter must be between 0 and 1, got 1.5'],
    ['a negative maxAttempts', { maxAttempts: -1 }, RangeError, 'reconnect.maxAttempts must be a whole number >= 0 or Infinity, got -1'],
    ['a fractional maxAttempts', { maxAttempts: 2.5 }, RangeError, 'reconnect.maxAttempts must be a whole number >= 0 or Infinity, got 2.5'],
    ['a random that is no function', { random: 0.3 }, TypeError, 'reconnect.random must be a function, got 0.3'],
  ])('rejects %s', (_name, policy, cls, message) => {
    expectThrows(() => normalizeReconnectPolicy(policy as never), cls, message);
  });
});

describe('policyDelay (backoffDelay for a checked policy)', () => {
  it('gives what backoffDelay gives, for every attempt and draw', () => {
    const policies = [{}, { initialDelay: 500, factor: 3, jitter: 0.5, maxDelay: 60000 }, { initialDelay: 0 }, { jitter: 0 }];
    for (const policy of policies) {
      for (let attempt = 1; attempt <= 40; attempt++) {
        for (const draw of [0, 0.25, 0.5, 0.999, 1]) {
          const p = normalizeReconnectPolicy(Object.assign({ random: () => draw }, policy));
          expect(policyDelay(p, attempt)).toBe(backoffDelay(policy, attempt, () => draw));
        }
      }
    }
  });

  it('refuses a draw outside [0, 1] as backoffDelay does', () => {
    expect(() => policyDelay(normalizeReconnectPolicy({ random: () => 2 }), 1)).toThrow(
      new RangeError('the random source must return a number in [0, 1), got 2'),
    );
  });
});
