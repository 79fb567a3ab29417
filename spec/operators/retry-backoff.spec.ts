import { Observable, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ConnectionRefusedError, MqttTimeoutError, TransportError } from '../../lib/errors';
import { isFatalConnackError, retryBackoff, type RetryInfo } from '../../operators/retry-backoff';
import { expectThrows } from './support/expect-throws';

const lost = new TransportError('CONNECTION_LOST', 'connection lost');

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

// initialDelay 10, factor 2, no jitter: waits 10, 20, 40, 80, ... virtual ms
const policy = { initialDelay: 10, maxDelay: 1000, jitter: 0 };

describe('retryBackoff', () => {
  it('resubscribes after waits growing by the factor, then gives up with the last error after maxAttempts', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--#', undefined, lost);
      // errors at 2, 14, 36, 78; waits 10, 20, 40 between
      expectObservable(source.pipe(retryBackoff({ ...policy, maxAttempts: 3 }))).toBe('78ms #', undefined, lost);
      expectSubscriptions(source.subscriptions).toBe(['^-!', '12ms ^-!', '34ms ^-!', '76ms ^-!']);
    });
  });

  it('caps the waits at maxDelay', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#', undefined, lost);
      const capped = { initialDelay: 10, maxDelay: 25, jitter: 0, maxAttempts: 4 };
      // waits 10, 20, 25, 25
      expectObservable(source.pipe(retryBackoff(capped))).toBe('80ms #', undefined, lost);
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '10ms (^!)', '30ms (^!)', '55ms (^!)', '80ms (^!)']);
    });
  });

  it('resets the attempt count when the source emits, so each outage starts with the first delay', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a--#', { a: 'up' }, lost);
      // errors at 5, 20, 35: each wait is attempt 1's 10 ms, never 20
      const expected = '--a 14ms a 14ms (a|)';
      expectObservable(source.pipe(retryBackoff({ ...policy, maxAttempts: 1 }), take(3))).toBe(expected, { a: 'up' });
      expectSubscriptions(source.subscriptions).toBe(['^----!', '15ms ^----!', '30ms ^-!']);
    });
  });

  it('resets only on the values resetOn accepts', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-c-#', { c: 'connecting' }, lost);
      const resetOn = (state: string) => state === 'connected';
      // no reset: waits 10, 20, then gives up (maxAttempts 2)
      expectObservable(source.pipe(retryBackoff({ ...policy, maxAttempts: 2, resetOn }))).toBe(
        '-c 12ms c 22ms c-#',
        { c: 'connecting' },
        lost,
      );
    });
  });

  it('stops at once on a fatal CONNACK refusal and retries "server unavailable"', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const refused = new ConnectionRefusedError(4);
      const fatal = cold('--#', undefined, refused);
      expectObservable(fatal.pipe(retryBackoff(policy))).toBe('--#', undefined, refused);
      expectSubscriptions(fatal.subscriptions).toBe('^-!');

      const unavailable = new ConnectionRefusedError(3);
      const busy = cold('--#', undefined, unavailable);
      expectObservable(busy.pipe(retryBackoff({ ...policy, maxAttempts: 1 }))).toBe('14ms #', undefined, unavailable);
      expectSubscriptions(busy.subscriptions).toBe(['^-!', '12ms ^-!']);
    });
  });

  it('takes a custom isFatal', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const timeout = new MqttTimeoutError('CONNACK_TIMEOUT', 'no CONNACK within 5000 ms', 5000);
      const source = cold('-#', undefined, timeout);
      const isFatal = (e: unknown) => e instanceof MqttTimeoutError;
      expectObservable(source.pipe(retryBackoff({ ...policy, isFatal }))).toBe('-#', undefined, timeout);
    });
  });

  it('never retries with maxAttempts 0', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('---#', undefined, lost).pipe(retryBackoff({ maxAttempts: 0 }))).toBe('---#', undefined, lost);
    });
  });

  it('reports attempt, delay and error through onRetry', () => {
    const infos: RetryInfo[] = [];
    const draws = [0, 0.999, 0.5];
    let i = 0;
    testScheduler().run(({ cold, expectObservable }) => {
      const retried = cold('#', undefined, lost).pipe(
        retryBackoff({
          initialDelay: 100,
          jitter: 0.5,
          maxAttempts: 3,
          random: () => draws[i++],
          onRetry: (info) => infos.push(info),
        }),
      );
      // waits 100 × 0.5 = 50, then 200 × 1.5 = 300, then 400 × 1 = 400
      expectObservable(retried).toBe('750ms #', undefined, lost);
    });
    expect(infos).toEqual([
      { attempt: 1, delay: 50, error: lost },
      { attempt: 2, delay: 300, error: lost },
      { attempt: 3, delay: 400, error: lost },
    ]);
  });

  it('cancels the pending wait on unsubscribe', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-#', undefined, lost);
      // subscribed at 0 and 11; unsubscribed at 20, during the 20 ms wait: no third subscription
      expectObservable(source.pipe(retryBackoff(policy)), '20ms !').toBe('');
      expectSubscriptions(source.subscriptions).toBe(['^!', '11ms ^!']);
    });
  });

  it('passes values and completion through untouched', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-|').pipe(retryBackoff())).toBe('-a-b-|');
    });
  });

  it('errors with what onRetry or resetOn throw instead of retrying it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const boom = new Error('boom');
      const onRetry = () => {
        throw boom;
      };
      expectObservable(cold('-#', undefined, lost).pipe(retryBackoff({ onRetry }))).toBe('-#', undefined, boom);
      const resetOn = () => {
        throw boom;
      };
      expectObservable(cold('-a-#', undefined, lost).pipe(retryBackoff({ resetOn }))).toBe('-#', undefined, boom);
    });
  });

  it('unsubscribes a synchronous source at once when resetOn throws during its subscribe', () => {
    const boom = new Error('boom');
    let tornDown = false;
    const source = new Observable<number>((subscriber) => {
      subscriber.next(1);
      return () => (tornDown = true);
    });
    const errors: unknown[] = [];
    source.pipe(retryBackoff({ resetOn: () => { throw boom; } })).subscribe({ error: (e) => errors.push(e) });
    expect(errors).toEqual([boom]);
    expect(tornDown).toBe(true);
  });

  it('counts attempts per subscription', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const retried = cold('#', undefined, lost).pipe(retryBackoff({ ...policy, maxAttempts: 1 }));
      expectObservable(retried).toBe('10ms #', undefined, lost);
      expectObservable(retried, '5ms ^').toBe('15ms #', undefined, lost);
    });
  });

  it.each<[string, object, ErrorConstructor, string]>([
    ['a bad policy', { factor: 0 }, RangeError, 'reconnect.factor must be a finite number >= 1, got 0'],
    ['an isFatal that is no function', { isFatal: true }, TypeError, 'retryBackoff: isFatal must be a function, got boolean'],
    ['an onRetry that is no function', { onRetry: 'log' }, TypeError, 'retryBackoff: onRetry must be a function, got string'],
    ['a resetOn that is no function', { resetOn: 1 }, TypeError, 'retryBackoff: resetOn must be a function, got number'],
    ['a scheduler that is no scheduler', { scheduler: {} }, TypeError, 'retryBackoff: scheduler must be a SchedulerLike'],
  ])('throws at call time for %s', (_name, options, cls, message) => {
    expectThrows(() => retryBackoff(options as never), cls, message);
  });
});

describe('isFatalConnackError', () => {
  it.each([
    [1, true],
    [2, true],
    [3, false],
    [4, true],
    [5, true],
    [6, false],
  ])('CONNACK return code %i is fatal: %p', (code, fatal) => {
    expect(isFatalConnackError(new ConnectionRefusedError(code))).toBe(fatal);
  });

  it('is false for every other error and non-error', () => {
    expect(isFatalConnackError(lost)).toBe(false);
    expect(isFatalConnackError(new Error('refused'))).toBe(false);
    expect(isFatalConnackError(null)).toBe(false);
    expect(isFatalConnackError('CONNECTION_REFUSED')).toBe(false);
  });

  it('recognises a refusal from another copy of the library by code and returnCode', () => {
    expect(isFatalConnackError({ code: 'CONNECTION_REFUSED', returnCode: 5 })).toBe(true);
  });
});
