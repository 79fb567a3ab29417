import { Observable, SchedulerLike } from 'rxjs';
import { MqttTimeoutError } from '../../errors';
import { DeadlineTimer } from '../shared/deadline-timer';

/**
 * What the connection did, as the keepalive watchdog needs to know it:
 * `'sent'` bytes went out, `'received'` a packet came in, `'pinged'` a PINGREQ went
 * out that the watchdog did not ask for (`client.ping()`).
 */
export type KeepaliveEvent = 'sent' | 'received' | 'pinged';

/** Timing of {@link keepaliveWatchdog}, in milliseconds. */
export interface KeepaliveTiming {
  /** Idle time on the sending side before a PINGREQ; 0 disables keepalive pings. */
  keepalive: number;
  /** How long after a PINGREQ a packet must arrive before the link counts as dead. */
  responseTimeout: number;
  scheduler: SchedulerLike;
}

/**
 * Watches one connection's activity and says when to send a PINGREQ.
 *
 * - A ping is due when nothing was **sent** for `keepalive` ms [MQTT-3.1.2-23]:
 *   every `'sent'` pushes it back; received packets do not (a client that only
 *   receives must still ping, or the broker drops it at 1.5 × keepalive). It is also
 *   due when nothing was **received** for `keepalive` ms, whatever was sent: a broker
 *   that stopped reading can take writes for a long time, so a link silent for
 *   keepalive + `responseTimeout` is dead.
 * - After a PINGREQ (its own or a `'pinged'` one), **any** received packet within
 *   `responseTimeout` proves the link alive, not only the PINGRESP: a PINGRESP queued
 *   behind a burst of inbound messages is no reason to give up.
 * - No packet within `responseTimeout` of a PINGREQ: the link is dead.
 *
 * The time from subscription counts as "just sent" (the CONNECT went out). One timer
 * serves all deadlines; nothing is allocated per event.
 *
 * Emits `void` each time a PINGREQ is due (the caller sends it; the watchdog already
 * counts it as sent). Completes when `events$` completes. Errors with
 * `MqttTimeoutError` code `PINGRESP_TIMEOUT` when the link is dead.
 *
 * @example
 * ```ts
 * keepaliveWatchdog(activity$, { keepalive: 60000, responseTimeout: 10000, scheduler: asyncScheduler })
 *   .subscribe({ next: () => session.send({ type: 'pingreq' }), error: (e) => session.fail(e) });
 * ```
 */
export function keepaliveWatchdog(events$: Observable<KeepaliveEvent>, timing: KeepaliveTiming): Observable<void> {
  return new Observable<void>((subscriber) => {
    const scheduler = timing.scheduler;
    const keepalive = timing.keepalive;
    const responseTimeout = timing.responseTimeout;
    let lastSent = scheduler.now();
    let lastReceived = lastSent;
    /** When the oldest unanswered PINGREQ went out; -1 when none is pending. */
    let awaitingSince = -1;

    const armNext = (): void => {
      // the side idle longer decides: a broker that takes our writes but sends nothing is pinged too
      if (keepalive > 0 && awaitingSince < 0) timer.arm(Math.min(lastSent, lastReceived) + keepalive);
      if (awaitingSince >= 0) timer.arm(awaitingSince + responseTimeout);
    };
    const pinged = (now: number): void => {
      lastSent = now;
      if (awaitingSince < 0) awaitingSince = now;
    };
    const timer = new DeadlineTimer(scheduler, () => {
      const now = scheduler.now();
      if (awaitingSince >= 0 && now >= awaitingSince + responseTimeout) {
        subscriber.error(
          new MqttTimeoutError(
            'PINGRESP_TIMEOUT',
            'no answer to PINGREQ within ' + responseTimeout + ' ms: the connection is dead',
            responseTimeout,
          ),
        );
        return;
      }
      if (keepalive > 0 && awaitingSince < 0 && now >= Math.min(lastSent, lastReceived) + keepalive) {
        pinged(now);
        subscriber.next();
      }
      armNext();
    });

    const subscription = events$.subscribe({
      next: (event) => {
        if (event === 'sent') lastSent = scheduler.now();
        else if (event === 'received') {
          const answered = awaitingSince >= 0;
          awaitingSince = -1;
          lastReceived = scheduler.now();
          if (answered) armNext(); // the next ping is due a keepalive from now, not at the old response deadline
        }
        else {
          pinged(scheduler.now());
          armNext();
        }
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    armNext();
    return () => {
      timer.cancel();
      subscription.unsubscribe();
    };
  });
}
