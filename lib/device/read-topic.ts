import { checkInteger } from '../arg-checks';
import type { MqttMessage } from './device-types';
import { Observable } from './observable';

/**
 * The ESP sensors seed's `read_topic(topic, wait_time)` on a device: subscribes to
 * `topic`, emits the first message (a retained one included: how a device that wakes
 * from deep sleep reads its configuration) and completes, or completes with nothing
 * after `waitMs`. Either way it unsubscribes (UNSUBSCRIBE when nobody else observes
 * the filter). Errors as `client.topic()` does.
 *
 * @throws TypeError/RangeError at call time for a bad `waitMs`, and what `client.topic()` throws
 * @example
 * ```js
 * rxmqtt.readTopic(client, 'esp32/config', 5000, { qos: 1 }).subscribe({
 *   next: function (m) { config = JSON.parse(rxmqtt.decodeUtf8(m.payload)); },
 *   complete: function () { publishReadings(); },
 * });
 * ```
 */
export function readTopic(
  client: { topic(filter: string, options?: { qos?: 0 | 1 }): Observable<MqttMessage> },
  topic: string,
  waitMs: number,
  options?: { qos?: 0 | 1 },
): Observable<MqttMessage> {
  checkInteger(waitMs, 0, 2147483647, 'readTopic: waitMs');
  const messages = client.topic(topic, options);
  return new Observable<MqttMessage>((subscriber) => {
    const timer = setTimeout(() => subscriber.complete(), waitMs);
    const inner = messages.subscribe({
      next: (message) => {
        subscriber.next(message);
        subscriber.complete();
      },
      error: (error) => subscriber.error(error),
    });
    return () => {
      clearTimeout(timer);
      inner.unsubscribe();
    };
  });
}
