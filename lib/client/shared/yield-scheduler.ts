import { asyncScheduler, SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

type Work<T> = (this: SchedulerAction<T>, state?: T) => void;

/** Runs `work` as an RxJS action on `setImmediate`; a `delay` above 0 goes to `asyncScheduler`. */
function scheduleImmediate<T>(work: Work<T>, delay: number | undefined, state: T | undefined): Subscription {
  const action = new Subscription() as SchedulerAction<T>;
  let pending = state;
  let rescheduled = false;
  let handle: ReturnType<typeof setImmediate> | null = null;
  let timer: Subscription | null = null;
  const run = (): void => {
    handle = null;
    timer = null;
    if (action.closed) return;
    rescheduled = false;
    work.call(action, pending);
    if (!rescheduled) action.unsubscribe();
  };
  const cancel = (): void => {
    if (handle !== null && typeof clearImmediate === 'function') clearImmediate(handle);
    if (timer !== null) timer.unsubscribe();
    handle = null;
    timer = null;
  };
  const start = (ms: number): void => {
    if (ms > 0 || typeof setImmediate !== 'function') timer = asyncScheduler.schedule(run, ms);
    else handle = setImmediate(run);
  };
  action.schedule = (nextState?: T, nextDelay?: number): Subscription => {
    if (action.closed) return action;
    cancel();
    pending = nextState;
    rescheduled = true;
    start(nextDelay || 0);
    return action;
  };
  action.add(cancel);
  start(delay || 0);
  return action;
}

/**
 * The scheduler the client yields to the event loop with (between delivery slices of
 * the inbound queue): on Node, an RxJS scheduler on `setImmediate`, whose actions run
 * in the same event-loop turn right after the pending socket reads (the "check"
 * phase), not a timer tick (≥ 1 ms) later; elsewhere (browsers, Espruino, which have
 * no `setImmediate`) `asyncScheduler`.
 *
 * A yield then costs no timer, and lets only the reads already due run before the
 * waiting messages are delivered. Delays above 0 go to `asyncScheduler`; `now()` is
 * `Date.now()`. Actions can be cancelled (`unsubscribe`) and rescheduled
 * (`this.schedule(state, delay)` inside the work), as with any RxJS scheduler.
 *
 * The client uses the injected `scheduler` option instead when one is given, so a
 * `TestScheduler` still controls every yield in virtual time.
 *
 * @example
 * ```ts
 * const yielder = yieldScheduler();
 * yielder.schedule(() => deliverWaiting()); // after this turn's I/O callbacks
 * ```
 */
export function yieldScheduler(): SchedulerLike {
  return typeof setImmediate === 'function' ? IMMEDIATE : asyncScheduler;
}

function dateNow(): number {
  return Date.now();
}

const IMMEDIATE = { now: dateNow, schedule: scheduleImmediate } as SchedulerLike;
