/**
 * Client-bound bench (issue 17): rxmqtt against MQTT.js 5 at its best and the raw
 * pre-encoded-socket ceiling, against a peer that costs far less than any client
 * (`bench/support/native-peer.c`, compiled at start with the system C compiler, else
 * `bench/support/bench-peer.ts` in Node: frames packets, answers CONNECT/SUBSCRIBE/UNSUBSCRIBE/PINGREQ,
 * acknowledges QoS 1 once per read, streams pre-encoded PUBLISHes as fast as the socket
 * takes them), so the rates are the clients' own. The peer and every contender run in
 * processes of their own; contenders alternate, the order rotating each round; the peer's
 * CPU share of every run is shown, to see that it is never the limit.
 *
 * Rows: publish and subscribe, QoS 0 and 1, 64 B and 4 KB. Run:
 * `npm run bench -- client-bound [--rounds=5 ...]` (the throughput bench's flags; its
 * `--parts` picks publish and/or subscribe; `--peer=node` runs the Node peer; 100,000
 * messages of 4 KB per run by default, see LARGE_MESSAGES).
 */
import { performance } from 'node:perf_hooks';
import { benchContext } from './support/bench-context';
import { BENCH_USAGE } from './support/bench-options';
import { benchHeader, benchOptionsOrExit } from './support/bench-start';
import { SOURCE_WINDOW } from './support/bench-peer';
import { measureBound } from './support/measure-bound';
import { PEER_ROLE, runPeer, startPeer } from './support/peer-process';
import { boundVerdicts, brokerTable, cpuTable, discardTable, throughputTable } from './support/report';
import { runWorker } from './support/run-worker';
import { throughputScenarios } from './support/scenario';
import { runThroughputRounds } from './support/throughput-rounds';
import { WORKER_ROLE_ENV } from './support/worker-protocol';
import { WorkerPool } from './support/worker-pool';

const log = (line: string): void => console.log(line);

/**
 * 4 KB messages per run, five times the throughput bench's: against this peer 20,000 of
 * them pass in 70–150 ms, shorter than the machine's own swings (a client's CPU per
 * message varied 1.7–12.9 µs between slices of 2,000 within one run), so single runs
 * measured the machine more than the client; 100,000 take 0.3–1.5 s.
 */
const LARGE_MESSAGES = 100000;

async function main(): Promise<number> {
  const usage = BENCH_USAGE.replace('throughput', 'client-bound').replace('--large-messages=20000', '--large-messages=' + LARGE_MESSAGES);
  const options = benchOptionsOrExit(usage, { largeMessages: LARGE_MESSAGES });
  if (typeof options === 'number') return options;
  const started = performance.now();
  benchHeader(options, null).forEach(log);
  const peer = await startPeer(options.peer);
  if (peer.fallback !== null) log('no native peer (' + peer.fallback + '): the Node peer runs instead');
  log(
    'peer: ' + (peer.kind === 'native' ? 'C (compiled now), reads of 1 MB, PUBLISHes read only to their topic and id' : 'Node') +
      ', one process; acknowledges QoS 1 once per read; as a source streams pre-encoded PUBLISHes (QoS 1 window ' + SOURCE_WINDOW + ')',
  );
  const workers = new WorkerPool();
  const stop = (): void => {
    workers.killAll();
    peer.stop().then(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    log('peer on 127.0.0.1:' + peer.port + ' (pid ' + peer.pid + ')');
    const ctx = benchContext(peer.port, options, workers);
    const scenarios = throughputScenarios(options);
    const results = await runThroughputRounds(ctx, scenarios, log, (c, contender, scenario) => measureBound(c, peer, contender, scenario), 'peer');
    log('');
    log('Client-bound throughput, median of ' + options.rounds + ' rounds (± half the min-max range):');
    log(throughputTable(results, options));
    log('');
    log('CPU time of the contender\'s process per message, median:');
    log(cpuTable(results, options));
    log('');
    log('The peer\'s CPU time over each run\'s wall time, median (one thread: far below 100 %, it is not the limit):');
    log(brokerTable(results, options, 'peer'));
    log('');
    if (options.contenders.indexOf('rxmqtt') >= 0 && scenarios.some((s) => s.side === 'subscribe')) {
      log('Messages the rxmqtt subscriber discarded itself (its inbound queue), per round:');
      log(discardTable(results));
      log('');
    }
    boundVerdicts(results).forEach(log);
  } finally {
    await workers.stopAll();
    await peer.stop();
  }
  log('total ' + ((performance.now() - started) / 1000).toFixed(0) + ' s');
  return 0;
}

const role = process.env[WORKER_ROLE_ENV];
if (role === PEER_ROLE) runPeer();
else if (role) runWorker();
else {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
