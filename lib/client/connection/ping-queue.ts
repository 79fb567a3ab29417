import type { SchedulerLike, Subscriber, Subscription } from 'rxjs';
import { MqttError, MqttTimeoutError } from '../../errors';

interface PingWaiter {
  /** Who waits for the round trip; null for a keepalive ping (or an observer that left). */
  subscriber: Subscriber<number> | null;
  sentAt: number;
  timeout: Subscription | null;
}

/** Settles `waiter`: cancels its timeout and returns its subscriber (null when none is left to tell). */
function settle(waiter: PingWaiter): Subscriber<number> | null {
  const subscriber = waiter.subscriber;
  waiter.subscriber = null;
  if (waiter.timeout !== null) waiter.timeout.unsubscribe();
  waiter.timeout = null;
  return subscriber;
}

/** Most PINGREQs remembered at once; beyond it the oldest is forgotten. */
export const MAX_PENDING_PINGS = 64;

/**
 * The PINGREQs of one connection still waiting for their PINGRESP, oldest first.
 * PINGRESP carries no id, so each answers the oldest PINGREQ [MQTT-3.12.4-1]; a
 * `client.ping()` waiter gets the round trip in ms, a keepalive ping only holds its
 * place in the line. Bounded at {@link MAX_PENDING_PINGS}: a broker that never answers
 * (and keeps the link busy otherwise) cannot grow it.
 *
 * @example
 * ```ts
 * const pings = new PingQueue(asyncScheduler, 10000);
 * const cancel = pings.add(subscriber); // subscriber.next(rtt) on the answer
 * pings.add(null);                      // a keepalive ping
 * pings.answered();                     // a PINGRESP came
 * ```
 */
export class PingQueue {
  private readonly waiters: PingWaiter[] = [];

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly responseTimeout: number,
  ) {}

  /** Number of unanswered PINGREQs. */
  get size(): number {
    return this.waiters.length;
  }

  /**
   * Records a PINGREQ just sent. A `subscriber` gets the round trip and completes, or
   * errors with `MqttTimeoutError` `PINGRESP_TIMEOUT` after the response timeout.
   * Returns the teardown to call when the subscriber leaves.
   */
  add(subscriber: Subscriber<number> | null): () => void {
    if (this.waiters.length >= MAX_PENDING_PINGS) this.waiters.shift();
    const waiter: PingWaiter = { subscriber, sentAt: this.scheduler.now(), timeout: null };
    this.waiters.push(waiter);
    if (subscriber !== null) {
      const ms = this.responseTimeout;
      waiter.timeout = this.scheduler.schedule(() => {
        waiter.timeout = null;
        const s = settle(waiter);
        if (s) s.error(new MqttTimeoutError('PINGRESP_TIMEOUT', 'no PINGRESP within ' + ms + ' ms', ms));
      }, ms);
    }
    return () => {
      settle(waiter);
    };
  }

  /** A PINGRESP arrived: settles the oldest PINGREQ. */
  answered(): void {
    const waiter = this.waiters.shift();
    if (waiter === undefined) return;
    const subscriber = settle(waiter);
    if (subscriber === null) return;
    subscriber.next(this.scheduler.now() - waiter.sentAt);
    subscriber.complete();
  }

  /** The connection ended: every waiting `ping()` errors with `error`. */
  failAll(error: MqttError): void {
    const waiters = this.waiters.splice(0, this.waiters.length);
    for (let i = 0; i < waiters.length; i++) {
      const s = settle(waiters[i]);
      if (s) s.error(error);
    }
  }
}
