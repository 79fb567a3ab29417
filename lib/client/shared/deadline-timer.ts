import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/** A timer firing this many ms after its deadline ran late because the event loop was blocked. */
export const LATE_TIMER_MS = 10;

/**
 * One scheduler action that fires at the earliest deadline it was armed for. Many
 * deadlines (every in-flight message, every packet sent for keepalive) share one
 * timer: callers move their own deadlines freely and re-arm the timer from
 * `onExpire`, so no timer is created or cancelled per message.
 *
 * All time comes from the scheduler (`scheduler.now()`), so it runs in virtual time
 * under `TestScheduler`.
 *
 * A firing more than {@link LATE_TIMER_MS} late means the event loop was blocked (a
 * slow synchronous observer): the answer that would have met the deadline may be
 * waiting, unread, in the socket, and timers run before socket reads in a loop turn.
 * So a late timer first yields one task (the reads run) and only then calls
 * `onExpire`, which checks its deadlines again. Never late in virtual time.
 *
 * @example
 * ```ts
 * const timer = new DeadlineTimer(asyncScheduler, () => checkDeadlines());
 * timer.arm(asyncScheduler.now() + 1000); // fires in 1 s
 * timer.arm(asyncScheduler.now() + 5000); // no-op: already armed earlier
 * ```
 */
export class DeadlineTimer {
  private action: Subscription | null = null;
  /** While armed, the time it fires at. */
  private at!: number;
  /** The firing was late and yielded once; the next one expires. */
  private yielded = false;

  /** `onExpire` runs once per firing; the timer is disarmed when it runs. */
  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly onExpire: () => void,
  ) {}

  /** Ensures a firing at or before `at` (scheduler time, ms). Infinity is ignored. */
  arm(at: number): void {
    if (at === Infinity || (this.action !== null && this.at <= at)) return;
    this.cancel();
    this.at = at;
    const delay = at - this.scheduler.now();
    this.action = this.scheduler.schedule(fire, delay > 0 ? delay : 0, this);
  }

  /** Disarms the timer. */
  cancel(): void {
    if (this.action !== null) {
      const action = this.action;
      this.action = null;
      this.yielded = false;
      action.unsubscribe();
    }
  }

  /** @internal called by the scheduled action. */
  expire(): void {
    if (!this.yielded && this.scheduler.now() - this.at > LATE_TIMER_MS) {
      this.yielded = true;
      this.action = this.scheduler.schedule(fire, 0, this);
      return;
    }
    this.yielded = false;
    this.action = null;
    this.onExpire();
  }
}

function fire(this: SchedulerAction<DeadlineTimer>, timer?: DeadlineTimer): void {
  if (timer) timer.expire();
}
