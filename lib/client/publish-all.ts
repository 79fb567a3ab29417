import { catchError, concatMap, defer, Observable, of, throwError } from 'rxjs';
import { ClientClosedError } from '../errors';
import type { OutgoingMessage, PublishResult } from './types';

/** Publishes one message, as `client.publish` does (argument errors thrown at call time). */
export type PublishOne = (message: OutgoingMessage) => Observable<PublishResult>;

/**
 * Checks the options of `publishAll()`.
 *
 * @throws TypeError / RangeError unless `maxInFlight` is an integer 1–65535
 */
export function checkPublishAllOptions(options?: { maxInFlight?: number }): number {
  if (options === undefined) return 100;
  if (options === null || typeof options !== 'object') throw new TypeError('publishAll options must be an object');
  const max = options.maxInFlight;
  if (max === undefined) return 100;
  if (typeof max !== 'number') throw new TypeError('maxInFlight must be a number, got ' + typeof max);
  if (!(max >= 1 && max <= 65535) || Math.floor(max) !== max) {
    throw new RangeError('maxInFlight must be an integer from 1 to 65535, got ' + max);
  }
  return max;
}

/**
 * `client.publishAll()`, first version: one result per message, in order, a failed
 * message is a result `{ ok: false, error }` (an invalid message too), and the stream
 * errors only when the client is closed. Messages go one at a time through `publish`
 * (`maxInFlight` is checked but not used yet); the streaming window with up to
 * `maxInFlight` unacknowledged messages replaces this body (issue 8) without changing
 * the contract.
 */
export function publishAllSequential(messages$: Observable<OutgoingMessage>, publishOne: PublishOne): Observable<PublishResult> {
  return messages$.pipe(
    concatMap((message) =>
      defer(() => publishOne(message)).pipe(
        catchError((error: unknown) =>
          error instanceof ClientClosedError
            ? throwError(() => error)
            : of<PublishResult>({ message, ok: false, error: error as Error }),
        ),
      ),
    ),
  );
}
