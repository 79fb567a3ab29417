import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * This thread's V8 heap in use, in bytes, after a full garbage collection when one can
 * be forced (`--expose-gc` is switched on at run time for that), so that what a bench
 * holds per connection is measured, not the garbage of the moment.
 *
 * @example
 * ```ts
 * const before = heapUsedAfterGc();
 * // ... open connections ...
 * const perConnection = (heapUsedAfterGc() - before) / connections;
 * ```
 */
export function heapUsedAfterGc(): number {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch (e) {
      gc = null;
    }
  }
  if (gc) gc();
  return process.memoryUsage().heapUsed;
}
