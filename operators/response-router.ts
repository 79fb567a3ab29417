import type { Observable, Subscriber, Subscription } from 'rxjs';
import type { MqttClient, MqttMessage, SubscriptionGrant } from '../lib/client/types';
import type { QoS } from '../lib/codec/packet';
import { ClientClosedError, type MqttError } from '../lib/errors';

/** `correlationData` as a dictionary key (hex). */
export function correlationKey(data: Uint8Array): string {
  let key = '';
  for (let i = 0; i < data.length; i++) key += (data[i] < 16 ? '0' : '') + data[i].toString(16);
  return key;
}

/**
 * The one subscription to a requester's response topic, shared by its requests under
 * way: the first to {@link join} subscribes, the last to {@link leave} unsubscribes (so
 * nothing stays subscribed between requests). Each response goes to the request whose
 * `correlationData` it carries; others (late answers to abandoned requests) are dropped.
 */
export class ResponseRouter {
  /** The response topic of the current subscription ('' while there is none). */
  responseTopic = '';
  private readonly waiting: { [key: string]: Subscriber<MqttMessage> } = {};
  private users = 0;
  private subscription: Subscription | null = null;
  private granted$: Observable<SubscriptionGrant> | null = null;

  constructor(
    private readonly client: Pick<MqttClient, 'topic'>,
    private readonly qos: QoS,
    private readonly topicFor: () => string,
  ) {}

  /**
   * Registers the request `key` (its correlation data), subscribing to the response
   * topic when it is the first; returns the subscription's grants: publish the request
   * once one came.
   */
  join(key: string, subscriber: Subscriber<MqttMessage>): Observable<SubscriptionGrant> {
    this.waiting[key] = subscriber;
    this.users++;
    if (this.subscription === null) {
      this.responseTopic = this.topicFor();
      const responses = this.client.topic(this.responseTopic, { qos: this.qos });
      this.granted$ = responses.granted$;
      this.subscription = responses.subscribe({
        next: (message) => this.route(message),
        error: (error: MqttError) => this.failAll(error),
        complete: () => this.failAll(new ClientClosedError()),
      });
    }
    return this.granted$ as Observable<SubscriptionGrant>;
  }

  /** The request `key` ended (answered, failed or abandoned); the last one unsubscribes. */
  leave(key: string): void {
    if (this.waiting[key] === undefined) return;
    delete this.waiting[key];
    this.users--;
    if (this.users === 0 && this.subscription !== null) {
      const subscription = this.subscription;
      this.subscription = null;
      this.granted$ = null;
      subscription.unsubscribe();
    }
  }

  private route(message: MqttMessage): void {
    const data = message.properties !== undefined ? message.properties.correlationData : undefined;
    if (data === undefined) return;
    const subscriber = this.waiting[correlationKey(data)];
    if (subscriber === undefined) return;
    subscriber.next(message);
    subscriber.complete();
  }

  private failAll(error: MqttError): void {
    const keys = Object.keys(this.waiting);
    for (let i = 0; i < keys.length; i++) {
      const subscriber = this.waiting[keys[i]];
      if (subscriber !== undefined) subscriber.error(error);
    }
  }
}
