import { startMosquitto } from '../../spec/integration/support/mosquitto';
import type { BenchContext } from './bench-context';
import type { ContenderName } from './bench-options';
import { CONTENDER_LABELS } from './contenders';
import { runDeadline } from './deadline';
import { measureBusy } from './process-cpu';
import { median } from './stats';
import { formatCount, formatRatio, formatTable } from './text-table';
import type { PublishAnswer } from './worker-protocol';

/** What the default-broker part measured, per contender: rates (msg/s), CPU µs per message, broker busy share, failures. */
export interface DefaultBrokerResult {
  count: number;
  contenders: ContenderName[];
  rates: { [contender: string]: number[] };
  cpu: { [contender: string]: number[] };
  brokerBusy: { [contender: string]: number[] };
  failures: { [contender: string]: string[] };
}

/** The payload of this part's messages, in bytes. */
const PAYLOAD = 64;

/**
 * Publishing at QoS 1 to a mosquitto with its default configuration (no
 * `set_tcp_nodelay`, default queue and in-flight limits) and no subscriber on the
 * topic: a telemetry publisher as most people run one. mosquitto then holds its
 * PUBACKs under Nagle's algorithm until the client's side acknowledges, which a client
 * that pauses its writes pays for in delayed-ACK stalls (about 40 ms each). The rate is
 * the publisher's own (first publish to last PUBACK: no one counts receipt); `rounds`
 * rounds, contenders rotating, the part's own broker.
 *
 * @example
 * ```ts
 * const result = await runDefaultBrokerPart(ctx, log);
 * log(defaultBrokerTable(result));
 * ```
 */
export async function runDefaultBrokerPart(ctx: BenchContext, log: (line: string) => void): Promise<DefaultBrokerResult> {
  const contenders = ctx.options.contenders;
  const count = ctx.options.messages;
  const result: DefaultBrokerResult = { count, contenders, rates: {}, cpu: {}, brokerBusy: {}, failures: {} };
  contenders.forEach((c) => {
    result.rates[c] = [];
    result.cpu[c] = [];
    result.brokerBusy[c] = [];
    result.failures[c] = [];
  });
  const broker = await startMosquitto([], false);
  try {
    log('default-configuration mosquitto on 127.0.0.1:' + broker.port);
    for (let round = 0; round < ctx.options.rounds; round++) {
      const line: string[] = [];
      for (let i = 0; i < contenders.length; i++) {
        const contender = contenders[(round + i) % contenders.length];
        const tag = ctx.nextTag();
        const busy = measureBusy(broker.process.pid);
        try {
          const answer = await ctx.workers.get(contender).request<PublishAnswer>(
            {
              op: 'publish',
              contender,
              port: broker.port,
              clientId: contender + '-lone-' + tag,
              topic: 'bench/lone/' + tag,
              qos: 1,
              payloadSize: PAYLOAD,
              count,
              window: ctx.options.window,
              chunkBytes: ctx.options.chunkBytes,
              sampleRss: false,
            },
            runDeadline(count, ctx.options.minRate),
            contender + ' publishes ' + count + ' to the default broker',
          );
          if (answer.failures > 0) throw new Error(answer.failures + ' of ' + count + ' publications failed');
          const rate = count / ((answer.tEnd - answer.t0) / 1000);
          result.rates[contender].push(rate);
          result.cpu[contender].push(answer.cpuMicros / count);
          result.brokerBusy[contender].push(busy());
          line.push(CONTENDER_LABELS[contender] + ' ' + Math.round(rate) + '/s ' + (answer.cpuMicros / count).toFixed(1) + 'µs');
        } catch (error) {
          const text = (error instanceof Error ? error.message : String(error)).split('\n')[0];
          result.failures[contender].push(text);
          line.push(CONTENDER_LABELS[contender] + ' FAILED (' + text + ')');
        }
      }
      log('round ' + (round + 1) + '/' + ctx.options.rounds + '  default mosquitto, publish QoS1 64 B, no subscriber x' + count + ': ' + line.join(', '));
    }
  } finally {
    await broker.stop();
  }
  return result;
}

/** The default-broker table: median msg/s, CPU µs per message and broker busy share per contender, with the ratio to MQTT.js. */
export function defaultBrokerTable(result: DefaultBrokerResult): string {
  const mqttjs = median(result.rates.mqttjs || []);
  const rows = result.contenders.map((c) => {
    const rates = result.rates[c];
    const fails = result.failures[c].length > 0 ? ' (' + result.failures[c].length + ' failed)' : '';
    const busy = median(result.brokerBusy[c]);
    return [
      CONTENDER_LABELS[c],
      formatCount(median(rates)) + fails,
      rates.length > 0 ? formatCount(Math.min.apply(null, rates)) + '-' + formatCount(Math.max.apply(null, rates)) : 'n/a',
      c === 'mqttjs' ? '' : formatRatio(median(rates) / mqttjs),
      isFinite(median(result.cpu[c])) ? median(result.cpu[c]).toFixed(2) : 'n/a',
      isFinite(busy) ? Math.round(busy * 100) + '%' : 'n/a',
    ];
  });
  return formatTable(['contender', 'msg/s', 'range', '/MQTT.js', 'µs/msg', 'broker busy'], rows);
}

/** The rxmqtt / MQTT.js ratio of the medians (NaN when either did not run). */
export function defaultBrokerRatio(result: DefaultBrokerResult): number {
  return median(result.rates.rxmqtt || []) / median(result.rates.mqttjs || []);
}
