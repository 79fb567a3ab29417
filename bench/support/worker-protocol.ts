import type { ContenderName } from './bench-options';
import type { PublishRun } from './contender';

/** What every request names: the contender, the broker, its client id, and the messages' topic, QoS and size. */
export interface RunTarget {
  contender: ContenderName;
  port: number;
  clientId: string;
  topic: string;
  qos: 0 | 1;
  payloadSize: number;
}

/** Time a publisher run in the worker: `count` messages of `payloadSize` bytes to `topic`. */
export interface PublishRequest extends RunTarget {
  op: 'publish';
  count: number;
  window: number;
  chunkBytes: number;
  /** Sample the worker's RSS every 50 ms during the run (the burst). */
  sampleRss: boolean;
}

/**
 * Subscribe in the worker and count `count` messages of `payloadSize` bytes; emits a
 * `ready` event on the first 1-byte probe, the answer once all arrived.
 */
export interface SubscribeRequest extends RunTarget {
  op: 'subscribe';
  count: number;
}

/** Publish at a steady `rate` for `seconds` through the contender to its own subscriber. */
export interface LatencyRequest extends RunTarget {
  op: 'latency';
  rate: number;
  seconds: number;
}

/** What the orchestrator asks a worker. */
export type WorkerRequest = PublishRequest | SubscribeRequest | LatencyRequest;

/** The answer to a {@link PublishRequest}. */
export interface PublishAnswer extends PublishRun {
  /** Peak RSS in bytes: the larger of the 50 ms samples and the kernel's VmHWM. */
  peakRss: number;
  /** How many 50 ms samples were taken (a blocked event loop takes none). */
  rssSamples: number;
}

/** The answer to a {@link SubscribeRequest}. */
export interface SubscribeAnswer {
  /** {@link wallClock} time when the last counted message arrived. */
  tEnd: number;
  /** CPU time of the worker from the subscription's first probe to the last message, in µs. */
  cpuMicros: number;
  received: number;
  /** Messages the contender dropped itself (counted towards the end: the run ends when received + discards reach the count). */
  discards: number;
}

/** The answer to a {@link LatencyRequest}; latencies in ms. */
export interface LatencyAnswer {
  sent: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
}

/** Worker → orchestrator. */
export type WorkerMessage =
  | { id: number; event: 'ready' }
  | { id: number; answer: PublishAnswer | SubscribeAnswer | LatencyAnswer }
  | { id: number; error: string };

/** Orchestrator → worker. */
export interface WorkerEnvelope {
  id: number;
  request: WorkerRequest;
}

/** The environment variable that makes the bench bundle run as a worker. */
export const WORKER_ROLE_ENV = 'RXMQTT_BENCH_WORKER';
