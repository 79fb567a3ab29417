import { asyncScheduler, SchedulerLike } from 'rxjs';
import { DeadlineTimer, LATE_TIMER_MS } from '../../../lib/client/deadline-timer';
import { testScheduler } from './support/harness';

/** asyncScheduler (virtual in run mode) whose clock can be pushed ahead, as a blocked event loop does. */
function skewedScheduler(): { scheduler: SchedulerLike; skew: (ms: number) => void } {
  let skew = 0;
  const scheduler = {
    now: () => asyncScheduler.now() + skew,
    schedule: (work: never, delay?: number, state?: unknown) => asyncScheduler.schedule(work, delay, state),
  } as SchedulerLike;
  return { scheduler, skew: (ms) => (skew += ms) };
}

describe('DeadlineTimer', () => {
  it('fires once at the earliest deadline armed', () => {
    testScheduler().run(({ flush }) => {
      const log: number[] = [];
      const timer = new DeadlineTimer(asyncScheduler, () => log.push(asyncScheduler.now()));
      timer.arm(100);
      timer.arm(50);
      timer.arm(70);
      expect(timer.armedAt).toBe(50);
      flush();
      expect(log).toEqual([50]);
      expect(timer.armedAt).toBe(Infinity);
    });
  });

  it('on time, expires before work scheduled for the same moment', () => {
    testScheduler().run(({ flush }) => {
      const log: string[] = [];
      const { scheduler } = skewedScheduler();
      new DeadlineTimer(scheduler, () => log.push('expire')).arm(100);
      scheduler.schedule(() => log.push('socket read'), 100);
      flush();
      expect(log).toEqual(['expire', 'socket read']);
    });
  });

  it('when it fires more than LATE_TIMER_MS late (a blocked loop), yields one task first so pending reads run', () => {
    testScheduler().run(({ flush }) => {
      const log: string[] = [];
      const { scheduler, skew } = skewedScheduler();
      new DeadlineTimer(scheduler, () => log.push('expire')).arm(100);
      scheduler.schedule(() => skew(LATE_TIMER_MS + 1), 50); // an observer blocks the loop
      scheduler.schedule(() => log.push('socket read'), 100);
      flush();
      expect(log).toEqual(['socket read', 'expire']);
    });
  });

  it('cancel() disarms it, also while it yields', () => {
    testScheduler().run(({ flush }) => {
      const log: string[] = [];
      const { scheduler, skew } = skewedScheduler();
      const timer = new DeadlineTimer(scheduler, () => log.push('expire'));
      timer.arm(100);
      scheduler.schedule(() => skew(50), 50);
      scheduler.schedule(() => timer.cancel(), 100);
      flush();
      expect(log).toEqual([]);
    });
  });
});
