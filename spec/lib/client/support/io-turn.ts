import { readFile } from 'node:fs';

/**
 * Runs `body` inside an I/O callback (as the client's socket reads run), after queuing a
 * 1 ms timer that pushes `'timer'` onto `log`; resolves when that timer fired. From an
 * I/O callback the event loop's check phase (`setImmediate`) comes before its next
 * timers phase, so a spec can tell a yield on `setImmediate` from one on a timer.
 *
 * @example
 * ```ts
 * await fromIoCallbackUntilTimer(log, () => yieldScheduler().schedule(() => log.push('yield')));
 * expect(log).toEqual(['yield', 'timer']);
 * ```
 */
export function fromIoCallbackUntilTimer(log: string[], body: () => void): Promise<void> {
  return new Promise<void>((resolve) =>
    readFile(__filename, () => {
      setTimeout(() => {
        log.push('timer');
        resolve();
      }, 1);
      body();
    }),
  );
}
