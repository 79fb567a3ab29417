import { type Observable, type SchedulerLike, take, takeUntil, timer } from 'rxjs';
import type { MqttClient, MqttMessage } from '../lib/client/types';
import type { QoS } from '../lib/codec/packet';
import { MAX_TIMER_DELAY } from '../lib/client/connection/reconnect-policy';

/** Options of {@link readTopic}. */
export interface ReadTopicOptions {
  /** QoS of the subscription (default: the client's default, 0). */
  qos?: QoS;
  /** Scheduler of the wait (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
}

/**
 * The ESP sensors seed's `read_topic(topic, wait_time)`: subscribes to `topic`, emits
 * the first message that arrives on it — a retained one included, which is how a
 * device that wakes from deep sleep reads its commands or configuration — and
 * completes; or completes without a value after `waitMs`. Either way it unsubscribes,
 * so the client sends UNSUBSCRIBE (when no one else observes that filter).
 *
 * Emits: at most one {@link MqttMessage}.
 * Completes: after that message, or after `waitMs` ms on the scheduler.
 * Errors: as `client.topic()` does (e.g. `SubscriptionRefusedError` for a refused SUBACK).
 *
 * @param client anything with `topic()` (an `MqttClient`).
 * @param topic the topic (or filter) to read; the client checks it.
 * @param waitMs how long to wait, ms, 0 to 2^31 − 1.
 * @param options a scheduler, or `{ qos, scheduler }`.
 * @throws TypeError/RangeError at call time for bad arguments, and what `client.topic()` throws.
 *
 * @example
 * ```ts
 * readTopic(client, 'esp32/commands', 10000).subscribe({
 *   next: (m) => console.log('Received:', decodeUtf8(m.payload, 0, m.payload.length)),
 *   complete: () => console.log('done'),
 * });
 * ```
 */
export function readTopic(
  client: Pick<MqttClient, 'topic'>,
  topic: string,
  waitMs: number,
  options?: SchedulerLike | ReadTopicOptions,
): Observable<MqttMessage> {
  if (!client || typeof client.topic !== 'function') throw new TypeError('readTopic: client must have a topic() method');
  if (typeof topic !== 'string' || topic === '') throw new TypeError('readTopic: topic must be a non-empty string');
  if (typeof waitMs !== 'number' || waitMs !== waitMs) throw new TypeError('readTopic: waitMs must be a number, got ' + String(waitMs));
  if (waitMs < 0 || waitMs > MAX_TIMER_DELAY) {
    throw new RangeError('readTopic: waitMs must be between 0 and ' + MAX_TIMER_DELAY + ', got ' + waitMs);
  }
  let scheduler: SchedulerLike | undefined;
  let qos: QoS | undefined;
  if (options !== undefined) {
    if (options === null || typeof options !== 'object') throw new TypeError('readTopic: options must be a scheduler or an object');
    if (typeof (options as SchedulerLike).schedule === 'function') {
      scheduler = options as SchedulerLike;
    } else {
      scheduler = (options as ReadTopicOptions).scheduler;
      qos = (options as ReadTopicOptions).qos;
    }
  }
  const messages$ = qos === undefined ? client.topic(topic) : client.topic(topic, { qos: qos });
  return messages$.pipe(take(1), takeUntil(scheduler ? timer(waitMs, scheduler) : timer(waitMs)));
}
