/**
 * Throughput bench (issue 8): rxmqtt against MQTT.js 5 at its best and the raw
 * pre-encoded-socket ceiling, on a private mosquitto on 127.0.0.1, in one run.
 *
 * - publisher throughput: the contender publishes, a raw counting subscriber confirms
 * - subscriber throughput: a raw publisher floods, the contender subscribes and counts
 *   (QoS 0/1 × 64 B/4 KB; contenders alternate; several rounds; median and ratios)
 * - default mosquitto: QoS 1 publishing to a broker with its default configuration and
 *   no subscriber (Nagle on at the broker: the delayed-ACK stall)
 * - p50/p99 latency at a steady 1k msg/s, contender to itself
 * - a 1,000,000-message burst through rxmqtt publishAll with peak RSS
 * - a verdict per target, from the measured values
 *
 * Run: `npm run bench -- throughput [--rounds=5 ...]` (`--help` lists the flags).
 * Each contender runs in its own worker process (this bundle, forked).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mosquittoBinary } from '../spec/integration/support/mosquitto';
import { BENCH_USAGE, BenchOptions } from './support/bench-options';
import { benchHeader, benchOptionsOrExit } from './support/bench-start';
import { BENCH_BROKER_CONFIG, startBenchBroker } from './support/bench-broker';
import { benchContext } from './support/bench-context';
import { runBurstPart } from './support/burst-part';
import { defaultBrokerTable, runDefaultBrokerPart } from './support/default-broker-part';
import { runLatencyPart } from './support/latency-part';
import { FLOOD_WINDOW } from './support/measure-subscriber';
import { BenchResults, brokerTable, burstTable, cpuTable, latencyTable, throughputTable, verdicts } from './support/report';
import { runWorker } from './support/run-worker';
import { writeBenchChart } from './support/svg-chart';
import { throughputScenarios } from './support/scenario';
import { formatCount } from './support/text-table';
import { runThroughputRounds } from './support/throughput-rounds';
import { WORKER_ROLE_ENV } from './support/worker-protocol';
import { WorkerPool } from './support/worker-pool';

const log = (line: string): void => console.log(line);

function header(options: BenchOptions): string[] {
  const mosquitto = spawnSync(mosquittoBinary(), ['-h'], { encoding: 'utf8' }).stdout.split('\n')[0];
  return benchHeader(options, mosquitto + ' (' + BENCH_BROKER_CONFIG.join('; ') + ')', [
    'publisher runs: counted by a raw-socket subscriber at QoS 0; subscriber runs: flooded by a raw-socket publisher (QoS 1 window ' + FLOOD_WINDOW + ')',
  ]);
}

async function main(): Promise<number> {
  const options = benchOptionsOrExit(BENCH_USAGE);
  if (typeof options === 'number') return options;
  const started = performance.now();
  header(options).forEach(log);
  const broker = await startBenchBroker();
  const workers = new WorkerPool();
  const stop = (): void => {
    workers.killAll();
    broker.stop().then(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const results: BenchResults = {};
  try {
    const ctx = benchContext(broker.port, options, workers, broker.process.pid);
    log('broker on 127.0.0.1:' + broker.port);
    const scenarios = throughputScenarios(options);
    if (scenarios.length > 0) results.throughput = await runThroughputRounds(ctx, scenarios, log);
    if (options.parts.indexOf('default') >= 0) results.defaultBroker = await runDefaultBrokerPart(ctx, log);
    if (options.parts.indexOf('latency') >= 0) results.latency = await runLatencyPart(ctx, log);
    if (options.parts.indexOf('burst') >= 0 && options.contenders.indexOf('rxmqtt') >= 0) results.burst = await runBurstPart(ctx, log);
  } finally {
    await workers.stopAll();
    await broker.stop();
  }
  log('');
  if (results.throughput) {
    log('Throughput, median of ' + options.rounds + ' rounds (± half the min-max range):');
    log(throughputTable(results.throughput, options));
    log('');
    log('CPU time of the contender\'s process per message, median (the client\'s own cost; the rates above are bounded by the broker):');
    log(cpuTable(results.throughput, options));
    log('');
    log('The broker\'s CPU time over each run\'s wall time, median (mosquitto is single-threaded: 100 % is its ceiling):');
    log(brokerTable(results.throughput, options));
    log('');
  }
  if (results.defaultBroker) {
    log('Default-configuration mosquitto (Nagle on, default limits), publish QoS 1 64 B, no subscriber, ' + formatCount(results.defaultBroker.count) + ' msgs, median of ' + options.rounds + ' rounds (publisher\'s own rate: first publish to last PUBACK):');
    log(defaultBrokerTable(results.defaultBroker));
    log('');
  }
  if (results.latency) {
    log('Latency at ' + options.latencyRate + ' msg/s for ' + options.latencySeconds + ' s, 64 B, publish → own subscriber, ' + options.latencyRounds + ' rounds:');
    log(latencyTable(results.latency));
    log('');
  }
  if (results.burst) {
    log('Burst, 64 B, fresh worker process:');
    log(burstTable(results));
    log('');
  }
  verdicts(results).forEach(log);
  const chart = writeBenchChart(results, 'docs/bench.svg');
  if (chart) log('chart of throughput and latency: ' + chart);
  log('total ' + ((performance.now() - started) / 1000).toFixed(0) + ' s');
  return 0;
}

if (process.env[WORKER_ROLE_ENV]) {
  runWorker();
} else {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
