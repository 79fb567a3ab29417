import { Observable } from 'rxjs';
import { checkInteger, checkObject } from '../../arg-checks';
import { isPullable } from './message-puller';
import { PublishAllHost, PublishAllLimits, PublishAllRun } from './publish-all-run';
import type { OutgoingMessage, PublishAllOptions, PublishResult, PublishSource } from '../types';

/** Default {@link PublishAllOptions.maxInFlight}. */
export const DEFAULT_MAX_IN_FLIGHT = 100;
/** Default {@link PublishAllOptions.bufferSize}. */
export const DEFAULT_PUBLISH_BUFFER = 16384;

function checkWhole(name: string, value: unknown, min: number, max: number, fallback: number): number {
  return value === undefined ? fallback : checkInteger(value, min, max, name);
}

/**
 * Checks the options of `publishAll()` and fills in the defaults.
 *
 * @throws TypeError when `options` is not an object or a limit is not a number
 * @throws RangeError unless `maxInFlight` is an integer 1–65535 [MQTT-2.3.1-1] and
 *   `bufferSize` an integer 0–16777216
 * @example
 * ```ts
 * checkPublishAllOptions({ maxInFlight: 20 }); // { maxInFlight: 20, bufferSize: 16384 }
 * ```
 */
export function checkPublishAllOptions(options?: PublishAllOptions): PublishAllLimits {
  const o: PublishAllOptions = options === undefined ? {} : options;
  checkObject(o, 'publishAll options');
  return {
    maxInFlight: checkWhole('maxInFlight', o.maxInFlight, 1, 65535, DEFAULT_MAX_IN_FLIGHT),
    bufferSize: checkWhole('bufferSize', o.bufferSize, 0, 16777216, DEFAULT_PUBLISH_BUFFER),
  };
}

/** Whether `source` is pushed: an object with a `subscribe` method (any RxJS `Observable` is one). */
function isObservable(source: unknown): source is Observable<OutgoingMessage> {
  return source !== null && typeof source === 'object' && typeof (source as Observable<unknown>).subscribe === 'function';
}

/**
 * `client.publishAll()`: streaming publication (mqtt_async `sync=False`), at most
 * `maxInFlight` unacknowledged at a time. Arrays and (async) iterables are pulled as the
 * window frees; an observable pushes into a buffer bounded by `maxInFlight + bufferSize`
 * (beyond it: `QUEUE_OVERFLOW`). Emits one `PublishResult` per message in source order
 * (a failed message does not end the stream), completes after the last result, errors
 * with the source's error, `ClientClosedError` or `QUEUE_OVERFLOW`. The full semantics:
 * docs/architecture.md, "Streaming publication".
 *
 * @throws TypeError at call time when `messages` is none of the kinds above, or for bad
 *   options (see {@link checkPublishAllOptions})
 * @example
 * ```ts
 * function* readings() { for (let i = 0; i < 1e6; i++) yield { topic: 'log', payload: 'n' + i, qos: 1 as const }; }
 * client.publishAll(readings(), { maxInFlight: 100 }).subscribe((r) => r.ok || console.warn(r.error));
 * ```
 */
export function publishAll(messages: PublishSource, options: PublishAllOptions | undefined, host: PublishAllHost): Observable<PublishResult> {
  const limits = checkPublishAllOptions(options);
  const observable = isObservable(messages);
  if (!observable && !isPullable(messages)) {
    throw new TypeError('publishAll needs an observable, an array or an (async) iterable of messages');
  }
  return new Observable<PublishResult>((subscriber) => {
    const run = new PublishAllRun(host, limits, subscriber);
    run.start(messages, observable);
    return () => run.cancel();
  });
}
