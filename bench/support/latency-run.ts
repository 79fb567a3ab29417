import { performance } from 'node:perf_hooks';
import type { Contender } from './contender';
import { percentile } from './stats';
import type { LatencyAnswer, LatencyRequest } from './worker-protocol';

const PROBE_EVERY_MS = 20;
const PROBE_LIMIT_MS = 10000;
const GRACE_MS = 2000;

/**
 * The latency figure of one contender: its publisher sends `rate` msg/s for `seconds`
 * (catching up each 1 ms tick with the messages due, so the rate holds even when
 * timers fire late), each payload carrying `performance.now()` at publish time in its
 * first 8 bytes; its own subscriber (a second client of the same contender) computes
 * receipt − publish. Starts only after the subscriber saw a 1-byte probe (the
 * subscription is live); waits at most 2 s for stragglers; lost messages show as
 * `received < sent`.
 *
 * @example
 * ```ts
 * const { p50, p99 } = await latencyRun(rxmqttContender, request);
 * ```
 */
export async function latencyRun(contender: Contender, request: LatencyRequest): Promise<LatencyAnswer> {
  const size = Math.max(8, request.payloadSize);
  const total = Math.round(request.rate * request.seconds);
  const latencies: number[] = [];
  let probed = false;
  let finish: () => void = () => undefined;
  const subscriber = await contender.openSubscriber(request.port, request.clientId + '-sub', request.topic, request.qos, (bytes, start, end) => {
    if (end - start === size) {
      const view = new DataView(bytes.buffer, bytes.byteOffset + start, 8);
      latencies.push(performance.now() - view.getFloat64(0, true));
      if (latencies.length === total) finish();
    } else if (end - start === 1) {
      probed = true;
    }
  });
  const publisher = await contender.openPublisher(request.port, request.clientId + '-pub');
  try {
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (probed) {
          clearInterval(timer);
          resolve();
        } else if (Date.now() - started > PROBE_LIMIT_MS) {
          clearInterval(timer);
          reject(new Error(contender.name + ' subscriber saw no probe within ' + PROBE_LIMIT_MS + ' ms'));
        } else {
          publisher.publishOne(request.topic, Buffer.of(1), 0);
        }
      }, PROBE_EVERY_MS);
    });
    let sent = 0;
    await new Promise<void>((resolve) => {
      let grace: NodeJS.Timeout | undefined;
      finish = () => {
        if (grace) clearTimeout(grace);
        resolve();
      };
      const start = performance.now();
      const ticker = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - start) * request.rate) / 1000));
        while (sent < due) {
          const payload = Buffer.alloc(size);
          payload.writeDoubleLE(performance.now(), 0);
          publisher.publishOne(request.topic, payload, request.qos);
          sent++;
        }
        if (sent === total) {
          clearInterval(ticker);
          grace = setTimeout(resolve, GRACE_MS);
        }
      }, 1);
    });
    return {
      sent,
      received: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    };
  } finally {
    await publisher.close();
    await subscriber.close();
  }
}
