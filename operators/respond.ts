import { EMPTY, type Observable, type OperatorFunction, from, isObservable, mergeMap, of } from 'rxjs';
import type { MqttClient, MqttMessage, PublishResult } from '../lib/client/types';
import type { PublishProperties, QoS } from '../lib/codec/packet';

/** A reply: its payload, or the payload with its QoS and other PUBLISH properties. */
export type Reply = string | Uint8Array | { payload: string | Uint8Array; qos?: QoS; properties?: PublishProperties };

/**
 * What a responder's handler returns for one request: a {@link Reply}, a Promise of
 * one, or an Observable whose every value is a reply.
 */
export type ReplyInput = Reply | PromiseLike<Reply> | Observable<Reply>;

function isPromiseLike(value: unknown): value is PromiseLike<Reply> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<Reply>).then === 'function';
}

/**
 * The responder side of MQTT 5 request/response [MQTT-4.10]: for each request (a
 * message with a `responseTopic`), calls `handler` and publishes what it returns to the
 * request's `responseTopic` with the request's `correlationData` [MQTT-3.3.2-16]. Messages
 * without a `responseTopic` are not requests and are skipped.
 *
 * A reply goes at the request's QoS unless it names its own; its `properties` (say
 * `contentType`, `userProperties`) go along.
 *
 * Emits: the {@link PublishResult} of each reply (a refused one is `ok: false`, a value).
 * Completes: when the requests complete (and their replies settled).
 * Errors: with what `handler` throws or its Promise/Observable errors with (catch inside
 * the handler to answer with an error reply instead), or what `publish()` errors with.
 *
 * @example
 * ```ts
 * client.topic('services/add', { qos: 1 }).pipe(
 *   respond(client, (request) => {
 *     const [a, b] = new TextDecoder().decode(request.payload).split('+').map(Number);
 *     return String(a + b);
 *   }),
 * ).subscribe();
 * ```
 */
export function respond(
  client: Pick<MqttClient, 'publish'>,
  handler: (request: MqttMessage) => ReplyInput,
): OperatorFunction<MqttMessage, PublishResult> {
  if (!client || typeof client.publish !== 'function') throw new TypeError('respond: client must have a publish() method');
  if (typeof handler !== 'function') throw new TypeError('respond: handler must be a function');
  return mergeMap((request: MqttMessage) => {
    const properties = request.properties;
    const responseTopic = properties !== undefined ? properties.responseTopic : undefined;
    if (properties === undefined || responseTopic === undefined) return EMPTY;
    const answer = handler(request);
    const replies: Observable<Reply> = isObservable(answer) ? answer : isPromiseLike(answer) ? from(answer) : of(answer);
    return replies.pipe(
      mergeMap((reply) => {
        const full = typeof reply === 'string' || reply instanceof Uint8Array ? { payload: reply } : reply;
        const replyProperties: PublishProperties = Object.assign({}, full.properties);
        if (properties.correlationData !== undefined) replyProperties.correlationData = properties.correlationData;
        const qos = full.qos === undefined ? request.qos : full.qos;
        return client.publish(responseTopic, full.payload, { qos, properties: replyProperties });
      }),
    );
  });
}
