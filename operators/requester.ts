import { Observable, type SchedulerLike, Subscription, asyncScheduler, take } from 'rxjs';
import type { MqttClient, MqttMessage, PublishOptions } from '../lib/client/types';
import type { ConnackProperties, QoS } from '../lib/codec/packet';
import { assertTopicName } from '../lib/codec/topic';
import { MAX_TIMER_DELAY } from '../lib/client/connection/reconnect-policy';
import { MqttError, MqttTimeoutError } from '../lib/errors';
import { ResponseRouter, correlationKey } from './response-router';

/** What {@link requester} needs of a client (an `MqttClient` on `protocolVersion: 5`). */
export type RequesterClient = Pick<MqttClient, 'topic' | 'publish'> & { readonly connackProperties?: ConnackProperties };

/** Options of {@link requester}. */
export interface RequesterOptions {
  /**
   * The topic responses come back on. Default: the CONNACK's `responseInformation`
   * (asked for with `properties.requestResponseInformation`) when the server gave one,
   * else `rxmqtt/responses/`, followed by a random id.
   */
  responseTopic?: string;
  /** QoS of the response subscription (default 1). */
  qos?: QoS;
  /** Longest wait for a response, ms (default 10000): then `RESPONSE_TIMEOUT`. */
  timeout?: number;
  /** Scheduler of the timeout (default `asyncScheduler`); a TestScheduler's for virtual time. */
  scheduler?: SchedulerLike;
  /** Random source in [0, 1) for the response topic's id and the correlation prefix (default `Math.random`). */
  random?: () => number;
}

/** Options of one request: those of `publish()` (QoS default 1), `properties` without `responseTopic`/`correlationData`. */
export interface RequestOptions extends PublishOptions {
  /** This request's longest wait, ms (default: the requester's `timeout`). */
  timeout?: number;
}

/** Sends a request and emits its response; see {@link requester}. */
export type Request = (topic: string, payload: string | Uint8Array, options?: RequestOptions) => Observable<MqttMessage>;

/** The default response topic: the server's Response Information when it gave one [MQTT-4.10.0]. */
function defaultResponseTopic(client: RequesterClient, id: string): string {
  const info = client.connackProperties !== undefined ? client.connackProperties.responseInformation : undefined;
  if (info === undefined || info === '') return 'rxmqtt/responses/' + id;
  return info + (info.charAt(info.length - 1) === '/' ? '' : '/') + id;
}

function checkTimeout(timeout: unknown, name: string): number {
  if (typeof timeout !== 'number' || !(timeout >= 0 && timeout <= MAX_TIMER_DELAY)) {
    throw new RangeError(name + ' must be a number of ms from 0 to ' + MAX_TIMER_DELAY + ', got ' + String(timeout));
  }
  return timeout;
}

/**
 * MQTT 5 request/response [MQTT-4.10]: returns a `request(topic, payload, options)`
 * function that publishes with a `responseTopic` and a fresh `correlationData`, and
 * emits the response carrying that `correlationData`.
 *
 * All the requests of one requester share one subscription to the response topic: the
 * first request under way subscribes (and publishes once the SUBACK came, so the
 * response cannot come first), the last one to end unsubscribes.
 *
 * Emits: the response (one {@link MqttMessage}), then completes.
 * Errors: `MqttTimeoutError` `RESPONSE_TIMEOUT` when no response came within `timeout`;
 * the publication's error when the broker refused it (`PUBLISH_REFUSED`, ...); what
 * `topic()` errors with (`SUBSCRIPTION_REFUSED`, `CLIENT_CLOSED`).
 * Unsubscribing before the response abandons the request.
 *
 * @throws TypeError / RangeError at call time for bad options or a response topic with wildcards
 * @example
 * ```ts
 * const request = requester(client, { timeout: 5000 });
 * request('services/add', '2+3').subscribe((response) => console.log(new TextDecoder().decode(response.payload)));
 * ```
 */
export function requester(client: RequesterClient, options: RequesterOptions = {}): Request {
  if (!client || typeof client.topic !== 'function' || typeof client.publish !== 'function') {
    throw new TypeError('requester: client must have topic() and publish() methods');
  }
  if (options.responseTopic !== undefined) assertTopicName(options.responseTopic);
  const defaultTimeout = options.timeout === undefined ? 10000 : checkTimeout(options.timeout, 'requester timeout');
  const scheduler = options.scheduler || asyncScheduler;
  const random = options.random || Math.random;
  const id = Math.floor(random() * 0x100000000).toString(36) + Math.floor(random() * 0x100000000).toString(36);
  const router = new ResponseRouter(client, options.qos === undefined ? 1 : options.qos, () =>
    options.responseTopic !== undefined ? options.responseTopic : defaultResponseTopic(client, id),
  );
  // 4 random bytes then a 4-byte count: unique among this requester's requests, unlikely to clash with another's
  const prefix = Math.floor(random() * 0x100000000);
  let count = 0;

  return (topic, payload, requestOptions = {}) => {
    const timeout = requestOptions.timeout === undefined ? defaultTimeout : checkTimeout(requestOptions.timeout, 'request timeout');
    const properties = Object.assign({}, requestOptions.properties);
    if (properties.responseTopic !== undefined || properties.correlationData !== undefined) {
      throw new TypeError('request: responseTopic and correlationData are the requester\'s; do not give them');
    }
    return new Observable<MqttMessage>((subscriber) => {
      count = (count + 1) % 0x100000000;
      const correlationData = new Uint8Array(8);
      const view = new DataView(correlationData.buffer);
      view.setUint32(0, prefix);
      view.setUint32(4, count);
      const key = correlationKey(correlationData);
      const work = new Subscription();
      const granted$ = router.join(key, subscriber);
      work.add(() => router.leave(key));
      work.add(
        scheduler.schedule(() => {
          subscriber.error(new MqttTimeoutError('RESPONSE_TIMEOUT', 'no response to the request on ' + topic + ' within ' + timeout + ' ms', timeout));
        }, timeout),
      );
      work.add(
        granted$.pipe(take(1)).subscribe(() => {
          properties.responseTopic = router.responseTopic;
          properties.correlationData = correlationData;
          const qos = requestOptions.qos === undefined ? 1 : requestOptions.qos;
          work.add(
            client.publish(topic, payload, { qos, retain: requestOptions.retain === true, properties }).subscribe({
              next: (result) => {
                if (!result.ok) subscriber.error(result.error || new MqttError('PUBLISH_REFUSED', 'the request was refused'));
              },
              error: (error) => subscriber.error(error),
            }),
          );
        }),
      );
      return work;
    });
  };
}
