import { asyncScheduler, Subject } from 'rxjs';
import { DeadlineTimer } from '../../../lib/client/deadline-timer';
import { testScheduler } from './support/harness';

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
      const cancelled = new DeadlineTimer(asyncScheduler, () => fired.next(-1));
      cold('x').subscribe(() => {
        cancelled.arm(4);
        expect(cancelled.armedAt).toBe(4);
        cancelled.cancel();
        expect(cancelled.armedAt).toBe(Infinity);
      });
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
