import { asapScheduler, asyncScheduler, SchedulerLike } from 'rxjs';
import { yieldScheduler } from './yield-scheduler';

/**
 * The scheduler of the client's timers (keepalive, deadlines, backoff, turns of the
 * inbound queue) when none is injected: RxJS's `asyncScheduler`, which
 * `TestScheduler.run` virtualizes.
 *
 * The browser bundle swaps this file for `default-schedulers.browser.ts` (same exports,
 * see scripts/build/browser.cjs): that bundle carries its own copy of RxJS, which a
 * page's `TestScheduler` cannot virtualize anyway.
 *
 * @example
 * ```ts
 * defaultScheduler.schedule(() => console.log('later'), 1000);
 * ```
 */
export const defaultScheduler: SchedulerLike = asyncScheduler;

/**
 * The scheduler that flushes queued packets when none is injected: RxJS's
 * `asapScheduler` (a microtask: everything written in one turn goes out in one write).
 *
 * @example
 * ```ts
 * defaultFlushScheduler.schedule(() => flush(), 0);
 * ```
 */
export const defaultFlushScheduler: SchedulerLike = asapScheduler;

/**
 * The scheduler the inbound queue yields to the event loop with between delivery
 * slices when none is injected: {@link yieldScheduler} (`setImmediate` on Node,
 * `asyncScheduler` where there is none, as on Espruino).
 *
 * @example
 * ```ts
 * defaultYieldScheduler.schedule(() => deliverWaiting(), 0);
 * ```
 */
export const defaultYieldScheduler: SchedulerLike = yieldScheduler();
