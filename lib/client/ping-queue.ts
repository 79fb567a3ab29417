import type { SchedulerLike, Subscriber } from 'rxjs';
import { MqttError, MqttTimeoutError } from '../errors';

interface PingWaiter {
  /** Who waits for the round trip; null for a keepalive ping. */
  subscriber: Subscriber<number> | null;
  sentAt: number;
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
 * pings.add(subscriber);               // subscriber.next(rtt) on the answer
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
   * errors with `MqttTimeoutError` `PINGRESP_TIMEOUT` after the response timeout; its
   * timeout goes with it (it is one of the subscriber's teardowns), and once it left,
   * its answer goes nowhere.
   */
  add(subscriber: Subscriber<number> | null): void {
    if (this.waiters.length >= MAX_PENDING_PINGS) this.waiters.shift();
    this.waiters.push({ subscriber, sentAt: this.scheduler.now() });
    if (subscriber !== null) {
      const ms = this.responseTimeout;
      const timeout = () => subscriber.error(new MqttTimeoutError('PINGRESP_TIMEOUT', 'no PINGRESP within ' + ms + ' ms', ms));
      subscriber.add(this.scheduler.schedule(timeout, ms));
    }
  }

  /** A PINGRESP arrived: settles the oldest PINGREQ. */
  answered(): void {
    const waiter = this.waiters.shift();
    if (waiter === undefined || waiter.subscriber === null) return;
    waiter.subscriber.next(this.scheduler.now() - waiter.sentAt);
    waiter.subscriber.complete();
  }

  /** The connection ended: every waiting `ping()` errors with `error`. */
  failAll(error: MqttError): void {
    const waiters = this.waiters.splice(0, this.waiters.length);
    for (let i = 0; i < waiters.length; i++) {
      const subscriber = waiters[i].subscriber;
      if (subscriber !== null) subscriber.error(error);
    }
  }
}
