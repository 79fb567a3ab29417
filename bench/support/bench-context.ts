import type { BenchOptions } from './bench-options';
import type { WorkerPool } from './worker-pool';

/** What every bench part needs: the broker's port, the settings, the workers, unique names. */
export interface BenchContext {
  port: number;
  options: BenchOptions;
  workers: WorkerPool;
  /** The broker's process id, for reading its CPU time (see `measureBusy`). */
  brokerPid?: number;
  /** A fresh tag for topic names and client ids, so no run hears another's messages. */
  nextTag(): string;
}

/** A {@link BenchContext} whose tags are `<pid>-<n>`. */
export function benchContext(port: number, options: BenchOptions, workers: WorkerPool, brokerPid?: number): BenchContext {
  let n = 0;
  return { port, options, workers, brokerPid, nextTag: () => process.pid + '-' + ++n };
}
