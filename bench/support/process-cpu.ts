import { readFileSync } from 'node:fs';
import { wallClock } from './clock';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU time another process has used so far (user + system), in microseconds, read
 * from Linux's `/proc/<pid>/schedstat` (nanoseconds), else `/proc/<pid>/stat`
 * (10 ms ticks); `NaN` where neither can be read (not Linux, or the process is gone).
 * The bench reads the broker's with it: mosquitto is single-threaded, so its CPU time
 * over a run's wall time says how close the run came to the broker's ceiling.
 *
 * @example
 * ```ts
 * const c0 = processCpuMicros(broker.process.pid); await run(); const busy = (processCpuMicros(pid) - c0) / elapsedMicros;
 * ```
 */
export function processCpuMicros(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const nanos = Number(readFileSync('/proc/' + pid + '/schedstat', 'utf8').split(' ')[0]);
    if (nanos > 0) return nanos / 1000;
  } catch (error) {
    // no schedstat: fall back to the tick counts of stat
  }
  try {
    const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000000) / USER_HZ;
  } catch (error) {
    return NaN;
  }
}

/**
 * Starts measuring how busy a process keeps one core: the returned function gives the
 * process's CPU time since the start over the wall time since the start (1 = one core
 * fully used; `NaN` where the CPU time cannot be read).
 *
 * @example
 * ```ts
 * const busy = measureBusy(broker.process.pid); await run(); console.log(busy()); // 0.97
 * ```
 */
export function measureBusy(pid: number | undefined, now: () => number = wallClock): () => number {
  const cpu0 = processCpuMicros(pid);
  const t0 = now();
  return () => (processCpuMicros(pid) - cpu0) / ((now() - t0) * 1000);
}
