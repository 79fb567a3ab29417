import type { ClientOptions } from '../../client/types';
import type { PairPlan, PairReport } from './bench-clients';

/** What a bench worker gets at its start: its pairs `first` .. `last - 1`. */
export interface BenchWorkerData {
  options: ClientOptions;
  plan: PairPlan;
  first: number;
  last: number;
}

/** Commands from the main thread to a bench worker. */
export type WorkerCommand = { type: 'connect' } | { type: 'go'; at: number };

/** Reports from a bench worker to the main thread (see `bench-worker.ts`). */
export type WorkerReport =
  | { type: 'ready'; heapUsed: number }
  | { type: 'connected'; connectMs: number[]; heapUsed: number }
  | { type: 'done'; reports: PairReport[]; latencies: Float64Array; samples: number }
  | { type: 'failed'; message: string };
