import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/**
 * One scheduler action that fires at the earliest deadline it was armed for. Many
 * deadlines (every in-flight message, every packet sent for keepalive) share one
 * timer: callers move their own deadlines freely and re-arm the timer from
 * `onExpire`, so no timer is created or cancelled per message.
 *
 * All time comes from the scheduler (`scheduler.now()`), so it runs in virtual time
 * under `TestScheduler`.
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
  private at = Infinity;

  /** `onExpire` runs once per firing; the timer is disarmed when it runs. */
  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly onExpire: () => void,
  ) {}

  /** When armed, the time it fires at; otherwise Infinity. */
  get armedAt(): number {
    return this.at;
  }

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
      this.at = Infinity;
      action.unsubscribe();
    }
  }

  /** @internal called by the scheduled action. */
  expire(): void {
    this.action = null;
    this.at = Infinity;
    this.onExpire();
  }
}

function fire(this: SchedulerAction<DeadlineTimer>, timer?: DeadlineTimer): void {
  if (timer) timer.expire();
}
