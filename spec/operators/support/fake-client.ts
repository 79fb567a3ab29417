import { NEVER, Observable } from 'rxjs';
import type { MqttClient, MqttMessage, OutgoingMessage, PublishResult, TopicObservable } from '../../../lib/client/types';
import type { QoS } from '../../../lib/codec/packet';

/** A message as the client hands it to observers; `payload` given as text. */
export function message(topic: string, payload: string, extra?: Partial<MqttMessage>): MqttMessage {
  return {
    topic,
    payload: Uint8Array.from(Buffer.from(payload, 'utf8')),
    qos: 0,
    retain: false,
    dup: false,
    ...extra,
  };
}

/**
 * The part of a client the seed helpers use, faked: `topic()` returns the observable
 * given for that filter (a TestScheduler cold/hot one, whose `subscriptions` show
 * SUBSCRIBE / UNSUBSCRIBE), `publishAll()` hands its input to `onPublishAll`.
 */
export class FakeClient implements Pick<MqttClient, 'topic' | 'publishAll'> {
  readonly topicCalls: Array<{ filter: string; options?: { qos?: QoS } }> = [];
  readonly publishAllCalls: Array<{ maxInFlight?: number }> = [];

  constructor(
    private readonly topics: Record<string, Observable<MqttMessage>> = {},
    private readonly onPublishAll?: (messages$: Observable<OutgoingMessage>) => Observable<PublishResult>,
  ) {}

  topic(filter: string, options?: { qos?: QoS }): TopicObservable {
    this.topicCalls.push(options === undefined ? { filter } : { filter, options });
    const messages = this.topics[filter] ?? NEVER;
    return Object.assign(new Observable<MqttMessage>((subscriber) => messages.subscribe(subscriber)), { granted$: NEVER });
  }

  publishAll(messages$: Observable<OutgoingMessage>, options?: { maxInFlight?: number }): Observable<PublishResult> {
    this.publishAllCalls.push(options ?? {});
    if (!this.onPublishAll) throw new Error('publishAll not scripted');
    return this.onPublishAll(messages$);
  }
}
