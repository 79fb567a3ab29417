import { asyncScheduler, SchedulerLike, Subject } from 'rxjs';
import { DeadlineTimer, LATE_TIMER_MS } from '../../../../lib/client/shared/deadline-timer';
import { testScheduler } from '../support/harness';

describe('DeadlineTimer', () => {
  it('fires at the earliest deadline it was armed for, once', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const fired = new Subject<number>();
      const timer = new DeadlineTimer(asyncScheduler, () => fired.next(asyncScheduler.now()));
      cold('x').subscribe(() => {
        timer.arm(8);
        timer.arm(5); // earlier: moves the firing
        timer.arm(9); // later: ignored
        timer.arm(Infinity);
      });
      expectObservable(fired).toBe('-----a', { a: 5 });
    });
  });

  it('can be re-armed from its own callback, and cancelled', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const fired = new Subject<number>();
      let count = 0;
      const timer = new DeadlineTimer(asyncScheduler, () => {
        fired.next(asyncScheduler.now());
        if (++count < 3) timer.arm(asyncScheduler.now() + 2);
      });
      cold('x').subscribe(() => timer.arm(1));
      expectObservable(fired).toBe('-a-b-c', { a: 1, b: 3, c: 5 });
    });
  });

  it('once cancelled, does not fire, and a later arm() sets its time afresh', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const fired = new Subject<number>();
      const cancelled = new DeadlineTimer(asyncScheduler, () => fired.next(asyncScheduler.now()));
      cold('x').subscribe(() => {
        cancelled.arm(2);
        cancelled.cancel();
      });
      cold('-x').subscribe(() => {
        cancelled.arm(4);
        cancelled.cancel();
        cancelled.arm(6); // not ignored as later than the cancelled 4
      });
      expectObservable(fired).toBe('------a', { a: 6 });
    });
  });

  it('fires at once for a deadline in the past', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const fired = new Subject<string>();
      const timer = new DeadlineTimer(asyncScheduler, () => fired.next('f'));
      cold('---x').subscribe(() => timer.arm(1));
      expectObservable(fired).toBe('---f');
    });
  });
});

/** asyncScheduler (virtual in run mode) whose clock can be pushed ahead, as a blocked event loop does. */
function skewedScheduler(): { scheduler: SchedulerLike; skew: (ms: number) => void } {
  let skew = 0;
  const scheduler = {
    now: () => asyncScheduler.now() + skew,
    schedule: (work: never, delay?: number, state?: unknown) => asyncScheduler.schedule(work, delay, state),
  } as SchedulerLike;
  return { scheduler, skew: (ms) => (skew += ms) };
}

describe('DeadlineTimer when the event loop was blocked', () => {
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
