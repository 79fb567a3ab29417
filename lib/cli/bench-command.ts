import { performance } from 'node:perf_hooks';
import {
  Observable, ReplaySubject, Subject, concatMap, defer, interval, endWith, filter, firstValueFrom, forkJoin, ignoreElements, map, merge, of, range, switchMap, take, tap, throwError, timer,
} from 'rxjs';
import { MqttTimeoutError } from '../errors';
import type { ClientOptions, OutgoingMessage } from '../client/types';
import { summarizeLatencies, LatencySummary } from './bench-stats';
import type { CliCommand, CliIo } from './cli-io';
import { parseCommandLine, qosFlag } from './parse-command-line';
import { clientOptionsFromFlags, CONNECTION_FLAGS } from './connection-flags';
import { startEmbeddedBroker, EmbeddedBroker } from './embedded-broker';
import { progressBar } from './progress-bar';
import { closeClient, guardedConnect } from './run-client-session';
import { checkMultiBenchFlags, multiBenchCommand } from './bench/multi-bench-command';
import { UsageError } from './usage-error';

/** Flags of `rxmqtt bench`. */
export const BENCH_FLAGS = {
  count: { names: ['-N', '--count'], type: 'number', value: 'n', description: 'messages to publish (default 10000)' },
  size: { names: ['-s', '--size'], type: 'number', value: 'bytes', description: 'payload size, at least 8 (default 64)' },
  qos: { names: ['-q', '--qos'], type: 'number', value: 'qos', description: 'QoS 0 or 1 (default 1)' },
  topic: { names: ['-t', '--topic'], type: 'string', value: 'topic', description: 'topic (default rxmqtt/bench/<random>)' },
  inFlight: { names: ['--in-flight'], type: 'number', value: 'n', description: 'unacknowledged QoS 1 messages allowed (default 100)' },
  rate: {
    names: ['-r', '--rate'],
    type: 'number',
    value: 'msg/s',
    description: 'offer messages at this steady rate (default: as fast as the in-flight window takes them)',
  },
  clients: {
    names: ['--clients'],
    type: 'number',
    value: 'n',
    description: 'n publishers and n subscribers (one topic per pair) over worker threads; -N and -r then count per publisher',
  },
  threads: { names: ['--threads'], type: 'number', value: 'n', description: 'worker threads for --clients (default: one per core; 0: main thread)' },
  embedded: { names: ['--embedded'], type: 'boolean', description: 'start an embedded broker on a free loopback port and use it' },
  json: { names: ['--json'], type: 'boolean', description: 'print the result as one JSON object' },
  ...CONNECTION_FLAGS,
} as const;

const HELP = {
  usage: 'rxmqtt bench [-N count] [-s size] [-q qos] [-r msg/s] [--in-flight n] [--clients n [--threads n]] [--embedded | -h host -p port | --url url] [--json]',
  summary:
    'Publishes N messages through a broker to a subscriber in the same process and reports the\n' +
    'publish and receive throughput and the end-to-end latency (with a progress bar on a terminal).\n' +
    'With --clients n: n publisher/subscriber pairs over worker threads, like emqtt-bench; reports\n' +
    'connections, total and per-client rates, latency percentiles and memory per connection.',
};

/** What `rxmqtt bench` measured. */
export interface BenchResult {
  count: number;
  size: number;
  qos: 0 | 1;
  /** Messages the broker confirmed (written for QoS 0, PUBACKed for QoS 1). */
  delivered: number;
  /** Messages the subscriber received. */
  received: number;
  publishMs: number;
  publishRate: number;
  receiveMs: number;
  receiveRate: number;
  /** End-to-end latency, publish call to subscriber, in ms. */
  latency?: LatencySummary;
  /** The steady offer rate in msg/s, when one was asked for. */
  rate?: number;
}

/** Quiet time after the last publication before a QoS 0 run stops waiting for losses. */
const DRAIN_MS = 2000;
/** How long the subscription gets to become active (probe messages until one comes back). */
const WARMUP_MS = 5000;

/**
 * `rxmqtt bench`: two clients through one broker (a given one, or `--embedded`); the
 * subscriber subscribes, probe messages confirm the subscription is live, then the
 * publisher streams N stamped messages with `publishAll` (`--in-flight` window) and the
 * subscriber records each message's latency. Prints throughput and p50/p95/p99/max
 * latency, or one JSON object with `--json`. Resolves 0, or 1 when messages were lost
 * at QoS 1; Ctrl-C stops it (130).
 *
 * @example
 * ```sh
 * rxmqtt bench --embedded -N 50000 -s 64 -q 1
 * ```
 */
export const benchCommand: CliCommand = (argv, io) => {
  const flags = parseCommandLine(argv, io, HELP, BENCH_FLAGS);
  if (flags === undefined) return Promise.resolve(0);
  const count = flags.count !== undefined ? flags.count : 10000;
  const size = flags.size !== undefined ? flags.size : 64;
  const qos = qosFlag(flags.qos, 1);
  const inFlight = flags.inFlight !== undefined ? flags.inFlight : 100;
  if (flags.rate !== undefined && (flags.rate < 1 || flags.rate > 10000000)) throw new UsageError('option -r must be in 1..10000000, got ' + flags.rate);
  if (count < 1) throw new UsageError('option -N must be at least 1, got ' + count);
  if (size < 8 || size > 1048576) throw new UsageError('option -s must be in 8..1048576, got ' + size);
  if (inFlight < 1 || inFlight > 65535) throw new UsageError('option --in-flight must be in 1..65535, got ' + inFlight);
  if (flags.embedded && (flags.url !== undefined || flags.host !== undefined || flags.port !== undefined)) {
    throw new UsageError('give either --embedded or a broker (-h/-p/--url), not both');
  }
  checkMultiBenchFlags(flags.clients, flags.threads);
  const base = clientOptionsFromFlags(flags);
  const topic = flags.topic !== undefined ? flags.topic : 'rxmqtt/bench/' + Math.random().toString(36).slice(2, 10);

  const brokerReady: Promise<EmbeddedBroker | undefined> = flags.embedded ? startEmbeddedBroker() : Promise.resolve(undefined);
  return brokerReady.then((broker) => {
    const options: ClientOptions = { ...base, reconnect: false };
    if (broker) options.url = broker.url;
    if (flags.clients !== undefined) {
      const clients = flags.clients;
      const ran = multiBenchCommand(io, options, { clients, threads: flags.threads, count, size, qos, inFlight, rate: flags.rate, topic, json: flags.json });
      const stop = (): Promise<void> => (broker ? broker.stop() : Promise.resolve());
      return ran.then(
        (code) => stop().then(() => code),
        (error: unknown) => stop().then(() => Promise.reject(error)),
      );
    }
    const run = runBench(io, options, { count, size, qos, inFlight, topic, rate: flags.rate });
    const stopBroker = (): Promise<void> => (broker ? broker.stop() : Promise.resolve());
    return run.then(
      (result) =>
        stopBroker().then(() => {
          if (result === undefined) return 130;
          io.stdout.write(flags.json ? JSON.stringify(result) + '\n' : formatBenchResult(result));
          return qos === 1 && result.received < count ? 1 : 0;
        }),
      (error: unknown) =>
        stopBroker().then(() => {
          throw error;
        }),
    );
  });
};

interface BenchPlan {
  count: number;
  size: number;
  qos: 0 | 1;
  inFlight: number;
  topic: string;
  rate?: number;
}

/**
 * The messages to publish. Without a rate: a lazy iterable, pulled by publishAll as its
 * window opens, so any count runs in bounded memory and each message is stamped when the
 * client takes it. At `rate` per second: on each 1 ms timer tick, as many as are due by
 * the clock since the start (timers are late, never early, so counting by the clock keeps
 * the average rate right), stamped when offered so the latency includes any wait in the
 * client; the bench holds them all if the broker falls behind (see {@link offerBuffer}).
 */
function offers(plan: BenchPlan, make: () => OutgoingMessage): Iterable<OutgoingMessage> | Observable<OutgoingMessage> {
  const rate = plan.rate;
  if (rate === undefined) return pulledMessages(plan.count, make);
  return defer(() => {
    const start = performance.now();
    let offered = 0;
    return interval(1).pipe(
      concatMap(() => {
        const due = Math.min(plan.count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
        const batch = due - offered;
        offered = due;
        return range(0, batch);
      }),
      take(plan.count),
      map(make),
    );
  });
}

/** `count` messages made by `make` one at a time, as they are pulled. */
function pulledMessages(count: number, make: () => OutgoingMessage): Iterable<OutgoingMessage> {
  return {
    [Symbol.iterator]: () => {
      let made = 0;
      return {
        next: (): IteratorResult<OutgoingMessage> =>
          made < count ? (made++, { done: false, value: make() }) : { done: true, value: undefined },
      };
    },
  };
}

/**
 * publishAll's buffer for the offers: a paced run pushes, and a rate above what the
 * broker takes must slow the run down, not end it with QUEUE_OVERFLOW; the bench asked
 * for `count` messages, so it may hold them all.
 */
function offerBuffer(plan: BenchPlan): number | undefined {
  return plan.rate === undefined ? undefined : Math.min(plan.count, 16777216);
}

function withSuffix(options: ClientOptions, suffix: string): ClientOptions {
  return options.clientId !== undefined ? { ...options, clientId: options.clientId + suffix } : { ...options };
}

const INTERRUPTED = 'interrupted' as const;

/** Runs one measurement; resolves `undefined` when interrupted. */
async function runBench(io: CliIo, options: ClientOptions, plan: BenchPlan): Promise<BenchResult | undefined> {
  const subscriber = io.createClient(withSuffix(options, '-sub'));
  const publisher = io.createClient(withSuffix(options, '-pub'));
  const latencies = new Float64Array(plan.count);
  let received = 0;
  let delivered = 0;
  let lastReceived = 0;
  const bar = progressBar(io.stderr, plan.count, 'received');
  const arrivals$ = new Subject<void>();
  const probes$ = new Subject<void>();
  const failures$ = new ReplaySubject<never>(1);
  const interrupted$ = io.interrupt$.pipe(
    take(1),
    map(() => INTERRUPTED),
  );
  // Resolves with what `work$` emits first, rejects with a subscriber failure, or gives INTERRUPTED on Ctrl-C.
  const until = <T>(work$: Observable<T>): Promise<T | typeof INTERRUPTED> => firstValueFrom(merge(work$, failures$, interrupted$));

  const listening = subscriber.topic(plan.topic, { qos: plan.qos }).subscribe({
    next: (message) => {
      if (message.payload.length < 8) {
        probes$.next();
        return;
      }
      const now = performance.now();
      if (received < plan.count) latencies[received] = now - new DataView(message.payload.buffer, message.payload.byteOffset, 8).getFloat64(0);
      received++;
      lastReceived = now;
      bar.update(received);
      arrivals$.next();
    },
    error: (error: unknown) => failures$.error(error),
  });
  try {
    const connected = await until(forkJoin([guardedConnect(subscriber, options), guardedConnect(publisher, options)]));
    if (connected === INTERRUPTED) return undefined;
    // The subscription is live once a probe (an empty message) comes back through the broker.
    const probing$ = timer(0, 100).pipe(
      concatMap(() => publisher.publish(plan.topic, new Uint8Array(0), { qos: 0 })),
      ignoreElements(),
    );
    const tooLate$ = timer(WARMUP_MS).pipe(
      switchMap(() => throwError(() => new MqttTimeoutError('SUBACK_TIMEOUT', 'the bench subscription did not become active within ' + WARMUP_MS + ' ms', WARMUP_MS))),
    );
    if ((await until(merge(probes$.pipe(take(1)), probing$, tooLate$))) === INTERRUPTED) return undefined;

    const stamped = (): OutgoingMessage => {
      const payload = new Uint8Array(plan.size);
      new DataView(payload.buffer).setFloat64(0, performance.now());
      return { topic: plan.topic, payload, qos: plan.qos };
    };
    const started = performance.now();
    const published = await until(
      publisher.publishAll(offers(plan, stamped), { maxInFlight: plan.inFlight, bufferSize: offerBuffer(plan) }).pipe(
        tap((result) => {
          if (result.ok) delivered++;
        }),
        ignoreElements(),
        endWith(0),
        map(() => performance.now()),
      ),
    );
    if (published === INTERRUPTED) return undefined;
    // Every message back, or (QoS 0 may lose some) no arrival for a while.
    const allIn$ = merge(of(undefined), arrivals$).pipe(filter(() => received >= plan.count));
    const quiet$ = merge(of(undefined), arrivals$).pipe(switchMap(() => timer(DRAIN_MS)));
    if ((await until(merge(allIn$, quiet$))) === INTERRUPTED) return undefined;
    bar.clear();
    const publishMs = published - started;
    const receiveMs = received > 0 ? lastReceived - started : 0;
    return {
      count: plan.count,
      size: plan.size,
      qos: plan.qos,
      delivered,
      received,
      publishMs: round(publishMs),
      publishRate: Math.round(delivered / (publishMs / 1000)),
      receiveMs: round(receiveMs),
      receiveRate: receiveMs > 0 ? Math.round(Math.min(received, plan.count) / (receiveMs / 1000)) : 0,
      latency: summarizeLatencies(latencies, Math.min(received, plan.count)),
      rate: plan.rate,
    };
  } finally {
    bar.clear();
    listening.unsubscribe();
    await Promise.all([closeClient(publisher), closeClient(subscriber)]);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * The human-readable report of `rxmqtt bench`.
 *
 * @example
 * ```ts
 * process.stdout.write(formatBenchResult(result));
 * ```
 */
export function formatBenchResult(result: BenchResult): string {
  const ms = (value: number): string => value.toFixed(3) + ' ms';
  const lines = [
    result.count + ' messages of ' + result.size + ' bytes at QoS ' + result.qos + (result.rate !== undefined ? ', offered at ' + result.rate + ' msg/s' : ', as fast as the window takes them'),
    'published: ' + result.delivered + ' in ' + ms(result.publishMs) + ', ' + result.publishRate + ' msg/s',
    'received:  ' + result.received + ' in ' + ms(result.receiveMs) + ', ' + result.receiveRate + ' msg/s',
  ];
  if (result.latency) {
    const l = result.latency;
    lines.push('latency:   ' + (result.rate !== undefined ? 'offer' : 'take') + ' to arrival, p50 ' + ms(l.p50) + ', p95 ' + ms(l.p95) + ', p99 ' + ms(l.p99) + ', max ' + ms(l.max));
  }
  return lines.join('\n') + '\n';
}
