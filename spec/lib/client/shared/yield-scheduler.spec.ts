import { fromIoCallbackUntilTimer } from '../support/io-turn';
import { asyncScheduler, SchedulerAction } from 'rxjs';
import { yieldScheduler } from '../../../../lib/client/shared/yield-scheduler';

/** Resolves after the next event-loop timer tick (well after any setImmediate queued before). */
function afterTimer(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('yieldScheduler', () => {
  it('is asyncScheduler where there is no setImmediate (browsers, Espruino)', () => {
    const saved = global.setImmediate;
    try {
      (global as { setImmediate?: unknown }).setImmediate = undefined;
      expect(yieldScheduler()).toBe(asyncScheduler);
    } finally {
      global.setImmediate = saved;
    }
  });

  it('on Node runs work as a macrotask on setImmediate: after microtasks, before a 1 ms timer queued first', async () => {
    const log: string[] = [];
    // from an I/O callback (as the client's reads)
    await fromIoCallbackUntilTimer(log, () => {
      yieldScheduler().schedule((state) => log.push('yield ' + state), 0, 7);
      Promise.resolve().then(() => log.push('microtask'));
      log.push('sync');
    });
    expect(log).toEqual(['sync', 'microtask', 'yield 7', 'timer']);
  });

  it('does not run work that was unsubscribed; the action closes after running', async () => {
    const log: number[] = [];
    const cancelled = yieldScheduler().schedule(() => log.push(1));
    const kept = yieldScheduler().schedule(() => log.push(2));
    cancelled.unsubscribe();
    await afterTimer(2);
    expect(log).toEqual([2]);
    expect(kept.closed).toBe(true);
  });

  it('reschedules from inside the work with new state, also with a delay (then on a timer)', async () => {
    const log: string[] = [];
    const started = Date.now();
    yieldScheduler().schedule(
      function (this: SchedulerAction<number>, n?: number) {
        log.push('run ' + n);
        if (n === 1) this.schedule(2);
        else if (n === 2) this.schedule(3, 20);
      },
      0,
      1,
    );
    await afterTimer(60);
    expect(log).toEqual(['run 1', 'run 2', 'run 3']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(19);
  });

  it('now() is the wall clock', () => {
    const before = Date.now();
    const now = yieldScheduler().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
