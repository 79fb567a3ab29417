import type { Subscription } from 'rxjs';
import type { MqttClient, MqttMessage } from '../client/types';

/**
 * One `client.topic(filter)` subscription the gateway holds for as long as it runs. When
 * the topic observable errors because the connection ended (not because the broker
 * refused the filter), the subscription is dead until {@link revive} (called when the
 * client is connected again) subscribes anew. A refusal (`SUBSCRIPTION_REFUSED`) is
 * final: the broker will not change its mind. With the client's reconnect policy (on by
 * default) `topic()` survives an outage and the client renews it itself, so `revive` finds
 * the subscription alive and does nothing: one broker subscription per filter either way.
 *
 * @example
 * ```ts
 * const held = new HeldSubscription(client, 'allnodes', 1, (m) => route(m), (e, final) => report(e));
 * client.state$.subscribe((s) => s.status === 'connected' && held.revive());
 * ```
 */
export class HeldSubscription {
  private subscription: Subscription | null = null;
  private final = false;

  constructor(
    private readonly client: MqttClient,
    readonly filter: string,
    readonly qos: 0 | 1,
    private readonly next: (message: MqttMessage) => void,
    /** Told about every failure; `final` when it was a refusal (no revival). */
    private readonly failed: (error: unknown, final: boolean) => void,
  ) {
    this.revive();
  }

  /** Whether the subscription ended for good (refused, or closed). */
  get ended(): boolean {
    return this.final;
  }

  /** Subscribes again when the subscription is dead and not ended. */
  revive(): void {
    if (this.subscription !== null || this.final) return;
    const fail = (error: unknown): void => {
      this.subscription = null;
      this.final = this.final || (error as { code?: string } | null)?.code === 'SUBSCRIPTION_REFUSED';
      this.failed(error, this.final);
    };
    try {
      const subscription = this.client.topic(this.filter, { qos: this.qos }).subscribe({ next: this.next, error: fail });
      if (!subscription.closed) this.subscription = subscription;
    } catch (error) {
      this.final = true; // refused at call time: an argument the client will never take
      this.failed(error, true);
    }
  }

  /** Ends the subscription for good (the client unsubscribes when it was the last observer). */
  close(): void {
    this.final = true;
    if (this.subscription !== null) this.subscription.unsubscribe();
    this.subscription = null;
  }
}
