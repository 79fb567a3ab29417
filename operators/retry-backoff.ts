import { defer, type MonoTypeOperatorFunction, type Observable, retry, type SchedulerLike, tap, throwError, timer } from 'rxjs';
import type { ReconnectPolicy } from '../lib/client/types';
import { backoffDelay, normalizeReconnectPolicy } from './backoff-delay';

/** What {@link RetryBackoffOptions.onRetry} learns before each wait. */
export interface RetryInfo {
  /** The retry about to be made: 1 for the first since the last reset. */
  attempt: number;
  /** The wait before it, in ms (jitter applied). */
  delay: number;
  /** The error that ended the previous subscription. */
  error: unknown;
}

/** Options of {@link retryBackoff}: a {@link ReconnectPolicy} plus what to do around it. */
export interface RetryBackoffOptions<T> extends ReconnectPolicy {
  /** Errors that must not be retried (default {@link isFatalConnackError}). */
  isFatal?: (error: unknown) => boolean;
  /** Scheduler for the waits (default `asyncScheduler`; a `TestScheduler` in tests). */
  scheduler?: SchedulerLike;
  /** Called before each wait: the client turns it into its `'reconnecting'` state. */
  onRetry?: (info: RetryInfo) => void;
  /** Which values count as a success and reset the attempt count (default: every value). */
  resetOn?: (value: T) => boolean;
}

/**
 * True for the CONNACK refusals that retrying cannot cure: return codes 1
 * (unacceptable protocol version), 2 (identifier rejected), 4 (bad user name or
 * password) and 5 (not authorised) [MQTT-3.2.2.3]. Code 3 (server unavailable) and
 * every other error are worth a retry. Recognises a `ConnectionRefusedError` by its
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
  const e = error as { code?: unknown; returnCode?: unknown };
  if (e.code !== 'CONNECTION_REFUSED') return false;
  const rc = e.returnCode;
  return rc === 1 || rc === 2 || rc === 4 || rc === 5;
}

function everyValue(): boolean {
  return true;
}

function assertFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError('retryBackoff: ' + name + ' must be a function, got ' + typeof value);
  }
}

/**
 * Resubscribes to the source after each error, waiting an exponential backoff with
 * jitter ({@link backoffDelay}) in between; usable on any observable, and what the
 * client uses to reconnect. The attempt count starts at 1 for the first retry and
 * resets to 0 when the source emits a value that `resetOn` accepts (a successful
 * connection), so the delays start small again after each recovery.
 *
 * Emits: every value of every subscription to the source.
 * Completes: when the source completes.
 * Errors: with the source's error when `isFatal(error)` is true (at once, no wait) or
 * when `maxAttempts` retries in a row have failed (`maxAttempts: 0` never retries);
 * with what `isFatal`, `onRetry` or the random source throw.
 * All waits run on `scheduler`, so `TestScheduler.run` drives them in virtual time.
 *
 * @throws TypeError/RangeError at call time for a bad policy (see
 *   {@link normalizeReconnectPolicy}) or a callback that is not a function.
 *
 * @example
 * ```ts
 * connectOnce$.pipe(
 *   retryBackoff({
 *     initialDelay: 500,
 *     maxAttempts: 10,
 *     onRetry: ({ attempt, delay, error }) => console.log('retry', attempt, 'in', delay, 'ms after', error),
 *   }),
 * ).subscribe(...);
 * ```
 */
export function retryBackoff<T>(options?: RetryBackoffOptions<T>): MonoTypeOperatorFunction<T> {
  const opts: RetryBackoffOptions<T> = options === undefined ? {} : options;
  const policy = normalizeReconnectPolicy(opts);
  assertFunction('isFatal', opts.isFatal);
  assertFunction('onRetry', opts.onRetry);
  assertFunction('resetOn', opts.resetOn);
  if (opts.scheduler !== undefined && (opts.scheduler === null || typeof opts.scheduler.schedule !== 'function')) {
    throw new TypeError('retryBackoff: scheduler must be a SchedulerLike');
  }
  const isFatal = opts.isFatal || isFatalConnackError;
  const resetOn = opts.resetOn || everyValue;
  const onRetry = opts.onRetry;
  const scheduler = opts.scheduler;

  return function (source: Observable<T>): Observable<T> {
    return defer(function () {
      let attempt = 0;
      return source.pipe(
        retry({
          delay: function (error: unknown) {
            if (isFatal(error) || attempt >= policy.maxAttempts) return throwError(() => error);
            attempt = attempt + 1;
            const delay = backoffDelay(policy, attempt);
            if (onRetry) onRetry({ attempt: attempt, delay: delay, error: error });
            return scheduler ? timer(delay, scheduler) : timer(delay);
          },
        }),
        // After retry(): an error thrown by resetOn ends the stream instead of being retried.
        tap(function (value: T) {
          if (resetOn(value)) attempt = 0;
        }),
      );
    });
  };
}
