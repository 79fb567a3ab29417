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
 * `client.publishAll()`: streaming publication, as mqtt_async's `sync=False` — QoS 1
 * messages overlap their PUBACK waits, at most `maxInFlight` unacknowledged at a time
 * (like MQTT 5's Receive Maximum); QoS 0 messages are paced by the socket (a full send
 * buffer stops intake until it drains).
 *
 * **Backpressure.** RxJS has no pull, so the source's kind decides:
 * - an array, an iterable or an async iterable is *pulled*: a message is taken only
 *   when it can be sent at once (window not full, socket writable), so any length —
 *   a million messages from a generator — costs the window's worth of memory;
 * - an observable *pushes*: messages it sends ahead of the window wait in a bounded
 *   buffer; more than `maxInFlight + bufferSize` taken and not yet reported ends the
 *   stream with `QueueOverflowError` (`QUEUE_OVERFLOW`, queue `'publishAll'`) and
 *   unsubscribes the source. A synchronous observable (`from(array)`, `range`) pushes
 *   everything at once: give the array or an iterable instead, or a larger `bufferSize`.
 *
 * Emits one `PublishResult` per message, in source order: `{ message, ok: true }` once
 * delivered at its QoS (written for 0, PUBACK for 1, PUBCOMP for 2), `{ message, ok: false, error }`
 * when it failed — an invalid message (TypeError/RangeError), `PUBACK_TIMEOUT`, a QoS 0
 * packet lost with its connection — without ending the stream. While disconnected,
 * messages wait (none is pulled); a reconnect picks up where the stream was.
 *
 * Completes after the last result (the last PUBACK) once the source completed. When
 * the source errors, the messages already taken are still published and reported,
 * then the stream errors with the source's error. Errors with `ClientClosedError` when
 * the client closes, and with `QUEUE_OVERFLOW` as above. Unsubscribing stops intake and
 * frees the packet ids of its QoS 1 messages in flight (their PUBACKs are then ignored);
 * its QoS 2 messages in flight complete their handshake unreported.
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
