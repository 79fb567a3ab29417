import type { BenchContext } from './bench-context';
import type { ContenderName } from './bench-options';
import { sinkTopic, sourceFilter } from './bench-peer';
import { runDeadline, withDeadline } from './deadline';
import type { PeerHandle } from './peer-process';
import { measureBusy } from './process-cpu';
import type { Scenario } from './scenario';
import type { RunMeasurement } from './throughput-rounds';
import type { PublishAnswer, SubscribeAnswer } from './worker-protocol';

/** How long the peer may lag behind a publisher's last write or PUBACK, and a subscription may take to start. */
const GRACE_MS = 10000;

/**
 * One client-bound run of `contender` against the bench peer: publishing, the
 * contender publishes `count` messages to a sink topic and the clock runs from its first
 * publish to the later of its own end (last write, or last PUBACK) and the peer counting
 * the last one; subscribing, the contender subscribes to a source filter, the peer
 * streams `count` messages (after a 1-byte probe) and the clock runs from the peer's
 * first write to the contender's receipt of the last (or its dropping it). `brokerBusy`
 * is the peer's CPU time over the run's wall time: well below 100 %, the peer is not
 * what limits.
 *
 * @example
 * ```ts
 * const run = await measureBound(ctx, peer, 'rxmqtt', { side: 'publish', qos: 1, payloadSize: 64, count: 100000 });
 * ```
 */
export async function measureBound(ctx: BenchContext, peer: PeerHandle, contender: ContenderName, scenario: Scenario): Promise<RunMeasurement> {
  const tag = ctx.nextTag();
  const count = scenario.count;
  const worker = ctx.workers.get(contender);
  const peerBusy = measureBusy(peer.pid);
  const deadline = runDeadline(count, ctx.options.minRate);
  if (scenario.side === 'publish') {
    const answer = await worker.request<PublishAnswer>(
      {
        op: 'publish',
        contender,
        port: peer.port,
        clientId: contender + '-pub-' + tag,
        topic: sinkTopic(count, tag),
        qos: scenario.qos,
        payloadSize: scenario.payloadSize,
        count,
        window: ctx.options.window,
        chunkBytes: ctx.options.chunkBytes,
        sampleRss: false,
      },
      deadline,
      contender + ' publishes ' + count + ' to the peer',
    );
    if (answer.failures > 0) throw new Error(contender + ': ' + answer.failures + ' of ' + count + ' publications failed');
    const tReceived = await withDeadline(peer.when('sink-done', tag), GRACE_MS, 'the peer receives all ' + count);
    return { rate: count / ((Math.max(answer.tEnd, tReceived) - answer.t0) / 1000), cpuPerMessage: answer.cpuMicros / count, brokerBusy: peerBusy(), discards: 0 };
  }
  const answer = await worker.request<SubscribeAnswer>(
    {
      op: 'subscribe',
      contender,
      port: peer.port,
      clientId: contender + '-sub-' + tag,
      topic: sourceFilter(scenario.qos, scenario.payloadSize, count, tag),
      qos: scenario.qos,
      payloadSize: scenario.payloadSize,
      count,
    },
    GRACE_MS + deadline,
    contender + ' receives ' + count + ' from the peer',
  );
  const t0 = await withDeadline(peer.when('source-start', tag), GRACE_MS, 'the peer starts its stream');
  return { rate: count / ((answer.tEnd - t0) / 1000), cpuPerMessage: answer.cpuMicros / count, brokerBusy: peerBusy(), discards: answer.discards };
}
