import type { ContenderName } from './bench-options';
import type { BenchContext } from './bench-context';
import { CONTENDER_LABELS } from './contenders';
import { SMALL_PAYLOAD } from './scenario';
import type { LatencyAnswer } from './worker-protocol';

/** The latency runs of a contender at one QoS: one answer per successful round, and the failures. */
export interface LatencyResult {
  contender: ContenderName;
  qos: 0 | 1;
  answers: LatencyAnswer[];
  errors: string[];
}

function runOnce(ctx: BenchContext, contender: ContenderName, qos: 0 | 1): Promise<LatencyAnswer> {
  const tag = ctx.nextTag();
  return ctx.workers.get(contender).request<LatencyAnswer>(
    {
      op: 'latency',
      contender,
      port: ctx.port,
      clientId: contender + '-lat-' + tag,
      topic: 'bench/latency/' + tag,
      qos,
      payloadSize: SMALL_PAYLOAD,
      rate: ctx.options.latencyRate,
      seconds: ctx.options.latencySeconds,
    },
    ctx.options.latencySeconds * 1000 + 30000,
    CONTENDER_LABELS[contender] + ' latency run',
  );
}

/**
 * For QoS 0 and 1: `latencyRounds` rounds in which each contender in turn (the order
 * rotating) publishes `latencyRate` msg/s of 64-byte payloads for `latencySeconds` from
 * one of its clients to another (see `latencyRun`), each run bounded by a deadline of
 * its length + 30 s. Several short rounds, so one burst of load from elsewhere on the
 * machine does not decide a contender's p99.
 *
 * @example
 * ```ts
 * const latencies = await runLatencyPart(ctx, console.log);
 * ```
 */
export async function runLatencyPart(ctx: BenchContext, log: (line: string) => void): Promise<LatencyResult[]> {
  const contenders = ctx.options.contenders;
  const results: LatencyResult[] = [];
  const qosLevels: Array<0 | 1> = [0, 1];
  for (let q = 0; q < qosLevels.length; q++) {
    const byContender: { [name: string]: LatencyResult } = {};
    contenders.forEach((contender) => {
      byContender[contender] = { contender, qos: qosLevels[q], answers: [], errors: [] };
      results.push(byContender[contender]);
    });
    for (let round = 0; round < ctx.options.latencyRounds; round++) {
      const line: string[] = [];
      for (let c = 0; c < contenders.length; c++) {
        const contender = contenders[(c + round) % contenders.length];
        try {
          const a = await runOnce(ctx, contender, qosLevels[q]);
          byContender[contender].answers.push(a);
          line.push(CONTENDER_LABELS[contender] + ' p50 ' + a.p50.toFixed(3) + ' p99 ' + a.p99.toFixed(3) + ' ms (' + a.received + '/' + a.sent + ')');
        } catch (error) {
          const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
          byContender[contender].errors.push(why);
          line.push(CONTENDER_LABELS[contender] + ' FAILED (' + why + ')');
        }
      }
      log('latency round ' + (round + 1) + '/' + ctx.options.latencyRounds + ' QoS' + qosLevels[q] + ': ' + line.join(', '));
    }
  }
  return results;
}
