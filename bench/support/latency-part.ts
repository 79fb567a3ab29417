import type { BenchContext } from './bench-context';
import { CONTENDER_LABELS } from './contenders';
import { SMALL_PAYLOAD } from './scenario';
import type { LatencyAnswer } from './worker-protocol';

/** One latency figure: a contender at one QoS, or why it failed. */
export interface LatencyResult {
  contender: string;
  qos: 0 | 1;
  answer?: LatencyAnswer;
  error?: string;
}

/**
 * For QoS 0 and 1, and each contender in turn: publishes `latencyRate` msg/s of 64-byte
 * payloads for `latencySeconds` from one client of the contender to another of the same
 * contender (see `latencyRun`), each bounded by a deadline of the run's length + 30 s.
 *
 * @example
 * ```ts
 * const latencies = await runLatencyPart(ctx, console.log);
 * ```
 */
export async function runLatencyPart(ctx: BenchContext, log: (line: string) => void): Promise<LatencyResult[]> {
  const results: LatencyResult[] = [];
  const qosLevels: Array<0 | 1> = [0, 1];
  for (let q = 0; q < qosLevels.length; q++) {
    for (let c = 0; c < ctx.options.contenders.length; c++) {
      const contender = ctx.options.contenders[c];
      const tag = ctx.nextTag();
      const result: LatencyResult = { contender, qos: qosLevels[q] };
      try {
        result.answer = await ctx.workers.get(contender).request<LatencyAnswer>(
          {
            op: 'latency',
            contender,
            port: ctx.port,
            clientId: contender + '-lat-' + tag,
            topic: 'bench/latency/' + tag,
            qos: qosLevels[q],
            payloadSize: SMALL_PAYLOAD,
            rate: ctx.options.latencyRate,
            seconds: ctx.options.latencySeconds,
          },
          ctx.options.latencySeconds * 1000 + 30000,
          CONTENDER_LABELS[contender] + ' latency run',
        );
        const a = result.answer;
        log('latency QoS' + qosLevels[q] + ' ' + CONTENDER_LABELS[contender] + ': p50 ' + a.p50.toFixed(3) + ' ms, p99 ' + a.p99.toFixed(3) + ' ms (' + a.received + '/' + a.sent + ')');
      } catch (error) {
        result.error = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        log('latency QoS' + qosLevels[q] + ' ' + CONTENDER_LABELS[contender] + ' FAILED: ' + result.error);
      }
      results.push(result);
    }
  }
  return results;
}
