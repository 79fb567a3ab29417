import { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/**
 * A `schedule()` over the browser's timers: a `setTimeout`, or a microtask for delay 0
 * when `microtask` is set. The returned action is a plain `Subscription`: unsubscribing
 * cancels the work; it cannot reschedule itself (`this.schedule`), which no work
 * function of the library does.
 */
function scheduleOver(microtask: boolean): SchedulerLike['schedule'] {
  return <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription => {
    const action = new Subscription(() => clearTimeout(timer));
    const run = (): void => {
      if (!action.closed) work.call(action as SchedulerAction<T>, state);
    };
    const timer = microtask && !delay ? void Promise.resolve().then(run) : setTimeout(run, delay);
    return action;
  };
}

/**
 * Browser build of `default-schedulers.ts` (chosen by scripts/build/browser.cjs): the
 * same defaults without RxJS's scheduler classes (AsyncAction, AsapAction, their
 * providers: about 4 KB of the minified bundle). Timers run on `setTimeout`, like
 * `asyncScheduler`.
 *
 * @example
 * ```ts
 * defaultScheduler.schedule(() => console.log('later'), 1000);
 * ```
 */
export const defaultScheduler: SchedulerLike = { now: Date.now, schedule: scheduleOver(false) };

/**
 * Browser build of the flush scheduler: a microtask for delay 0 (like `asapScheduler`,
 * everything written in one turn goes out in one write), `setTimeout` otherwise.
 *
 * @example
 * ```ts
 * defaultFlushScheduler.schedule(() => flush(), 0);
 * ```
 */
export const defaultFlushScheduler: SchedulerLike = { now: Date.now, schedule: scheduleOver(true) };

/**
 * Browser build of the yield scheduler: browsers have no `setImmediate`, so the inbound
 * queue yields on `setTimeout`, like {@link defaultScheduler}.
 *
 * @example
 * ```ts
 * defaultYieldScheduler.schedule(() => deliverWaiting(), 0);
 * ```
 */
export const defaultYieldScheduler: SchedulerLike = defaultScheduler;
