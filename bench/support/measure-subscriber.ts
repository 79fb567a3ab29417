import type { ContenderName } from './bench-options';
import type { BenchContext } from './bench-context';
import { wallClock } from './clock';
import { runDeadline, withDeadline } from './deadline';
import { encodePublish } from '../../lib/codec/encode-publish';
import { preEncode } from './pre-encoded';
import { measureBusy } from './process-cpu';
import { openRawMqtt } from './raw-mqtt';
import { rawPublish } from './raw-publish';
import type { Scenario } from './scenario';
import type { WorkerHandle } from './worker-handle';
import type { SubscribeAnswer } from './worker-protocol';

/** One subscriber run as measured. */
export interface SubscriberMeasurement {
  /** Messages per second from the flood's first write to the last message's receipt. */
  rate: number;
  /** The subscriber's CPU time per message, in µs. */
  cpuPerMessage: number;
  /** The broker's CPU time over the run's wall time (1 = its one thread never idle). */
  brokerBusy: number;
}

/** The flooding publisher's QoS 1 window: wide, so the subscriber is what limits. */
export const FLOOD_WINDOW = 1000;
const PROBE_EVERY_MS = 20;
const READY_LIMIT_MS = 15000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Times how fast `contender` in `worker` receives `count` messages: the contender
 * subscribes at the scenario's QoS; the bench's raw publisher sends 1-byte probes
 * until the contender reports one (the subscription is live), then floods the topic
 * with pre-encoded packets (QoS 1 with a window of {@link FLOOD_WINDOW}). The clock runs
 * from the flood's first write to the contender's receipt of the last message.
 *
 * @example
 * ```ts
 * const { rate } = await measureSubscriber(ctx, pool.get('rxmqtt'), 'rxmqtt', scenario);
 * ```
 */
export async function measureSubscriber(
  ctx: BenchContext,
  worker: WorkerHandle,
  contender: ContenderName,
  scenario: Scenario,
): Promise<SubscriberMeasurement> {
  const tag = ctx.nextTag();
  const topic = 'bench/subscribe/' + tag;
  const count = scenario.count;
  const packets = preEncode(topic, Buffer.alloc(scenario.payloadSize, 0x62), scenario.qos, count);
  const flooder = await withDeadline(openRawMqtt(ctx.port, 'flood-' + tag), 10000, 'flooding publisher connects');
  let probing: NodeJS.Timeout | undefined;
  try {
    let ready: () => void = () => undefined;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const answer = worker.request<SubscribeAnswer>(
      {
        op: 'subscribe',
        contender,
        port: ctx.port,
        clientId: contender + '-sub-' + tag,
        topic,
        qos: scenario.qos,
        payloadSize: scenario.payloadSize,
        count,
      },
      READY_LIMIT_MS + runDeadline(count, ctx.options.minRate),
      contender + ' receives ' + count,
      (event) => event === 'ready' && ready(),
    );
    answer.catch(() => undefined); // awaited below; a failure before the flood surfaces through the race
    const probe = encodePublish(topic, Uint8Array.of(1), 0);
    probing = setInterval(() => flooder.socket.write(probe), PROBE_EVERY_MS);
    await withDeadline(
      Promise.race([isReady, answer.then(() => Promise.reject(new Error(contender + ' answered before it was ready')))]),
      READY_LIMIT_MS,
      contender + ' subscription becomes live',
    );
    clearInterval(probing);
    await delay(30); // probes still on their way land before the flood
    const t0 = wallClock();
    const brokerBusy = measureBusy(ctx.brokerPid);
    const flood = rawPublish(flooder, packets, { qos: scenario.qos, window: FLOOD_WINDOW, chunkBytes: ctx.options.chunkBytes });
    flood.catch(() => undefined);
    const result = await answer;
    const busy = brokerBusy();
    await withDeadline(flood, 10000, 'flooding publisher finishes');
    return { rate: count / ((result.tEnd - t0) / 1000), cpuPerMessage: result.cpuMicros / count, brokerBusy: busy };
  } finally {
    if (probing) clearInterval(probing);
    flooder.close();
  }
}
