import type { ContenderName } from './bench-options';
import type { BenchContext } from './bench-context';
import { wallClock } from './clock';
import { runDeadline, withDeadline } from './deadline';
import { measureBusy } from './process-cpu';
import { openRawSubscriber } from './raw-subscriber';
import type { Scenario } from './scenario';
import type { WorkerHandle } from './worker-handle';
import type { PublishAnswer } from './worker-protocol';

/** How long the counting peer may lag behind the publisher's last write or PUBACK. */
const RECEIPT_GRACE_MS = 10000;

/** One publisher run as measured. */
export interface PublisherMeasurement {
  /** Messages per second from the first publish to the later of the publisher's end and full receipt. */
  rate: number;
  /** The publisher's CPU time per message, in µs. */
  cpuPerMessage: number;
  /** The broker's CPU time over the run's wall time, the contender's connect included (1 = its one thread never idle). */
  brokerBusy: number;
  answer: PublishAnswer;
}

/**
 * Times `count` publications by `contender` in `worker` while the bench's counting peer
 * (a raw-socket subscriber at QoS 0, identical for every contender) confirms receipt:
 * the clock runs from the first publish to the later of the publisher's own end (last
 * byte written at QoS 0, last PUBACK at QoS 1) and the peer counting all `count`
 * messages. Rejects with a named error when a publication failed, a message is missing,
 * or a phase passes its deadline.
 *
 * @example
 * ```ts
 * const { rate } = await measurePublisher(ctx, pool.get('mqttjs'), 'mqttjs', scenario);
 * ```
 */
export async function measurePublisher(
  ctx: BenchContext,
  worker: WorkerHandle,
  contender: ContenderName,
  scenario: Scenario,
  sampleRss = false,
): Promise<PublisherMeasurement> {
  const tag = ctx.nextTag();
  const topic = 'bench/publish/' + tag;
  const count = scenario.count;
  let received = 0;
  let receivedAll: (t: number) => void = () => undefined;
  const receipt = new Promise<number>((resolve) => (receivedAll = resolve));
  const counter = await withDeadline(
    openRawSubscriber(ctx.port, 'counter-' + tag, topic, 0, (bytes, start, end) => {
      if (end - start !== scenario.payloadSize) return;
      received++;
      if (received === count) receivedAll(wallClock());
    }),
    10000,
    'counting subscriber connects',
  );
  try {
    const brokerBusy = measureBusy(ctx.brokerPid);
    const answer = await worker.request<PublishAnswer>(
      {
        op: 'publish',
        contender,
        port: ctx.port,
        clientId: contender + '-pub-' + tag,
        topic,
        qos: scenario.qos,
        payloadSize: scenario.payloadSize,
        count,
        window: ctx.options.window,
        chunkBytes: ctx.options.chunkBytes,
        sampleRss,
      },
      runDeadline(count, ctx.options.minRate),
      contender + ' publishes ' + count,
    );
    if (answer.failures > 0) throw new Error(contender + ': ' + answer.failures + ' of ' + count + ' publications failed');
    const tReceived = await withDeadline(receipt, RECEIPT_GRACE_MS, 'counting subscriber receives all ' + count + ' (has ' + received + ')');
    const busy = brokerBusy();
    return { rate: count / ((Math.max(answer.tEnd, tReceived) - answer.t0) / 1000), cpuPerMessage: answer.cpuMicros / count, brokerBusy: busy, answer };
  } finally {
    counter.close();
  }
}
