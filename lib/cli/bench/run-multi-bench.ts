import { Worker } from 'node:worker_threads';
import type { ClientOptions, MqttClient } from '../../client/types';
import { summarizeLatencies } from '../bench-stats';
import { BenchClients, clockMs, PairPlan, PairReport } from './bench-clients';
import { heapUsedAfterGc } from './heap-used';
import { MultiBenchResult, spreadOf } from './multi-bench-result';
import { benchWorkerScript } from './worker-script';
import type { BenchWorkerData, WorkerCommand, WorkerReport } from './worker-protocol';

/** A multi-client bench: `clients` pairs, spread over `threads` worker threads (0: the main thread). */
export interface MultiBenchPlan extends PairPlan {
  clients: number;
  threads: number;
}

/** One group of pairs, in a worker thread or in the main thread: the same steps either way. */
interface Group {
  connect(): Promise<{ connectMs: number[]; heapGrowth: number }>;
  run(at: number): Promise<{ reports: PairReport[]; latencies: Float64Array; samples: number }>;
  /** Ends the group (disconnects, stops the worker). */
  dispose(): Promise<void>;
}

/** Pairs `first` .. `last - 1` in the main thread, with `create` (the CLI's client factory). */
function localGroup(create: (o: ClientOptions) => MqttClient, options: ClientOptions, plan: PairPlan, first: number, last: number): Group {
  const clients = new BenchClients(create, options, plan, first, last);
  let heapBefore = 0;
  return {
    connect: async () => {
      heapBefore = heapUsedAfterGc();
      const connectMs = await clients.connect();
      return { connectMs, heapGrowth: heapUsedAfterGc() - heapBefore };
    },
    run: async (at) => {
      const reports = await clients.run(at);
      return { reports, latencies: clients.latencies, samples: clients.sampleCount };
    },
    dispose: () => clients.close(),
  };
}

/** Pairs `first` .. `last - 1` in a worker thread; resolves once the worker is ready. */
function workerGroup(script: { code: string; eval: boolean }, data: BenchWorkerData): Promise<Group> {
  const worker = new Worker(script.code, { eval: script.eval, workerData: data });
  let waiting: { type: WorkerReport['type']; resolve: (r: WorkerReport) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  let exited = false;
  let finished = false;
  const fail = (error: Error): void => {
    failure = failure || error;
    if (waiting !== null) waiting.reject(failure);
    waiting = null;
  };
  worker.on('message', (report: WorkerReport) => {
    if (report.type === 'failed') fail(new Error('bench worker: ' + report.message));
    else if (waiting !== null && waiting.type === report.type) {
      const w = waiting;
      waiting = null;
      w.resolve(report);
    }
  });
  worker.on('error', fail);
  const gone = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      exited = true;
      fail(new Error('bench worker exited (code ' + code + ')'));
      resolve();
    }),
  );
  const next = <T extends WorkerReport['type']>(type: T, command?: WorkerCommand): Promise<Extract<WorkerReport, { type: T }>> =>
    new Promise((resolve, reject) => {
      if (failure !== null) return reject(failure);
      waiting = { type, resolve: resolve as (r: WorkerReport) => void, reject };
      if (command !== undefined) worker.postMessage(command);
    });
  return next('ready').then((ready) => ({
    connect: () => next('connected', { type: 'connect' }).then((r) => ({ connectMs: r.connectMs, heapGrowth: r.heapUsed - ready.heapUsed })),
    run: (at) =>
      next('done', { type: 'go', at }).then((done) => {
        finished = true;
        return done;
      }),
    // after its run the worker disconnects its clients and exits; before, it is stopped
    dispose: async () => {
      if (exited) return;
      const killer = setTimeout(() => void worker.terminate(), finished ? 5000 : 0);
      await gone;
      clearTimeout(killer);
    },
  }));
}

/**
 * Runs a multi-client bench (emqtt-bench's `conn`, `sub` and `pub` in one): `clients`
 * publisher/subscriber pairs, pair `i` on topic `<topicPrefix>/<i>`, spread evenly over
 * `threads` worker threads. Every thread opens its connections; once all are open,
 * every publisher starts at the same time (steady `rate` per publisher, or flat out
 * through its `inFlight` window) and every arrival's latency is recorded. Resolves with
 * the totals, the per-client spread, latency percentiles, and the memory each open
 * connection takes (JS heap after GC, and resident memory of the process).
 *
 * Rejects when a connection fails (its error's message) or a worker dies.
 *
 * @example
 * ```ts
 * const result = await runMultiBench(createClient, { url: 'mqtt://127.0.0.1' }, { clients: 100, threads: 2, count: 100, ... });
 * ```
 */
export async function runMultiBench(create: (o: ClientOptions) => MqttClient, options: ClientOptions, plan: MultiBenchPlan): Promise<MultiBenchResult> {
  const script = plan.threads > 0 ? benchWorkerScript() : null;
  const threads = script === null ? 0 : Math.min(plan.threads, plan.clients);
  const pairPlan: PairPlan = {
    count: plan.count,
    size: plan.size,
    qos: plan.qos,
    inFlight: plan.inFlight,
    rate: plan.rate,
    topicPrefix: plan.topicPrefix,
    connectBatch: plan.connectBatch,
  };
  const groups: Group[] = [];
  try {
    if (script === null) groups.push(localGroup(create, options, pairPlan, 0, plan.clients));
    else {
      const starting: Array<Promise<Group>> = [];
      for (let t = 0; t < threads; t++) {
        const first = Math.floor((t * plan.clients) / threads);
        const last = Math.floor(((t + 1) * plan.clients) / threads);
        starting.push(workerGroup(script, { options, plan: pairPlan, first, last }));
      }
      const started = await Promise.allSettled(starting);
      for (const s of started) if (s.status === 'fulfilled') groups.push(s.value);
      const failed = started.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
      if (failed) throw failed.reason;
    }
    const rssBefore = process.memoryUsage().rss;
    const connectStart = clockMs();
    const connected = await Promise.all(groups.map((g) => g.connect()));
    const connectMs = clockMs() - connectStart;
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    const at = clockMs();
    const ran = await Promise.all(groups.map((g) => g.run(at)));
    return summarize(plan, threads, connectMs, connected, ran, rssGrowth);
  } finally {
    await Promise.all(groups.map((g) => g.dispose()));
  }
}

function summarize(
  plan: MultiBenchPlan,
  threads: number,
  connectMs: number,
  connected: Array<{ connectMs: number[]; heapGrowth: number }>,
  ran: Array<{ reports: PairReport[]; latencies: Float64Array; samples: number }>,
  rssGrowth: number,
): MultiBenchResult {
  const pairs = ([] as PairReport[]).concat(...ran.map((r) => r.reports)).sort((a, b) => a.pair - b.pair);
  const samples = ran.reduce((n, r) => n + r.samples, 0);
  const latencies = new Float64Array(samples);
  let offset = 0;
  for (const r of ran) {
    latencies.set(r.latencies.subarray(0, r.samples), offset);
    offset += r.samples;
  }
  const pairConnect = ([] as number[]).concat(...connected.map((c) => c.connectMs));
  const connections = 2 * pairConnect.length;
  const delivered = pairs.reduce((n, p) => n + p.delivered, 0);
  const received = pairs.reduce((n, p) => n + p.received, 0);
  const publishMs = Math.max(0, ...pairs.map((p) => p.publishMs));
  const receiveMs = Math.max(0, ...pairs.map((p) => p.receiveMs));
  const rate = (n: number, ms: number): number => (ms > 0 ? Math.round(n / (ms / 1000)) : 0);
  // per client, rates are small: one decimal
  const clientRate = (n: number, ms: number): number => (ms > 0 ? Math.round((10 * n) / (ms / 1000)) / 10 : 0);
  return {
    clients: plan.clients,
    threads,
    count: plan.count,
    size: plan.size,
    qos: plan.qos,
    rate: plan.rate,
    connections,
    connectMs: Math.round(connectMs * 10) / 10,
    pairConnect: summarizeLatencies(Float64Array.from(pairConnect), pairConnect.length) || { p50: 0, p95: 0, p99: 0, max: 0 },
    delivered,
    received,
    publishMs: Math.round(publishMs * 10) / 10,
    publishRate: rate(delivered, publishMs),
    receiveMs: Math.round(receiveMs * 10) / 10,
    receiveRate: rate(received, receiveMs),
    perClient: {
      publishRate: spreadOf(pairs.map((p) => clientRate(p.delivered, p.publishMs))),
      receiveRate: spreadOf(pairs.map((p) => clientRate(p.received, p.receiveMs))),
    },
    latency: summarizeLatencies(latencies, samples),
    memory: {
      heapPerConnection: connections > 0 ? Math.round(connected.reduce((n, c) => n + c.heapGrowth, 0) / connections) : 0,
      rssPerConnection: connections > 0 ? Math.round(rssGrowth / connections) : 0,
    },
    pairs,
  };
}
