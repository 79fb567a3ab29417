import type { ContenderName } from './bench-options';
import type { BenchContext } from './bench-context';
import { CONTENDER_LABELS } from './contenders';
import { measurePublisher } from './measure-publisher';
import { measureSubscriber } from './measure-subscriber';
import { Scenario, scenarioName } from './scenario';

/** Rates (msg/s) of every measured round and the failures, per scenario and contender. */
export interface ThroughputResults {
  scenarios: Scenario[];
  rates: { [scenario: string]: { [contender: string]: number[] } };
  /** The contender's own CPU time per message, µs, of every measured round. */
  cpu: { [scenario: string]: { [contender: string]: number[] } };
  /** The broker's CPU time over the run's wall time, of every measured round (1 = its one thread never idle). */
  brokerBusy: { [scenario: string]: { [contender: string]: number[] } };
  failures: { [scenario: string]: { [contender: string]: string[] } };
  /** Messages the contender dropped itself, of every measured round (subscribing; 0 elsewhere). */
  discards: { [scenario: string]: { [contender: string]: number[] } };
}

/**
 * Fewest messages of a warm-up run: on two busy cores the optimizing compiler took tens
 * of thousands of 4 KB messages to settle, so a tenth of 20,000 left the first measured
 * rounds of both clients at two to three times their later CPU per message.
 */
export const WARMUP_MIN_MESSAGES = 20000;

/** What one run gives: msg/s, the contender's CPU µs per message, the server's busy share (broker or peer), messages the contender dropped. */
export interface RunMeasurement {
  rate: number;
  cpuPerMessage: number;
  brokerBusy: number;
  discards?: number;
}

/** Measures one run of a contender in a scenario. */
export type MeasureRun = (ctx: BenchContext, contender: ContenderName, scenario: Scenario) => Promise<RunMeasurement>;

/** A run through the bench's mosquitto (the default {@link MeasureRun}). */
function measureOnce(ctx: BenchContext, contender: ContenderName, scenario: Scenario): Promise<RunMeasurement> {
  const worker = ctx.workers.get(contender);
  if (scenario.side === 'publish') return measurePublisher(ctx, worker, contender, scenario);
  return measureSubscriber(ctx, worker, contender, scenario);
}

function percent(fraction: number): string {
  return isFinite(fraction) ? Math.round(fraction * 100) + '%' : 'n/a';
}

/** `items` rotated left by `by`, so no contender always runs first. */
function rotate<T>(items: T[], by: number): T[] {
  const k = by % items.length;
  return items.slice(k).concat(items.slice(0, k));
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

/**
 * Runs the throughput scenarios: first one unrecorded warm-up run per scenario and
 * contender (`warmup` × the message count, at least {@link WARMUP_MIN_MESSAGES} up to the
 * count itself), then `rounds` rounds in which every
 * scenario is measured once per contender, contenders alternating (the order rotates
 * each round). A failed run (error or deadline) is recorded and the next one goes on
 * with a fresh worker. Prints one progress line per scenario and round (rate, CPU µs per
 * message and the broker's busy share of each contender's run).
 *
 * @example
 * ```ts
 * const results = await runThroughputRounds(ctx, throughputScenarios(options), log);
 * ```
 */
export async function runThroughputRounds(
  ctx: BenchContext,
  scenarios: Scenario[],
  log: (line: string) => void,
  measure: MeasureRun = measureOnce,
  busyLabel = 'broker',
): Promise<ThroughputResults> {
  const contenders = ctx.options.contenders;
  const results: ThroughputResults = { scenarios, rates: {}, cpu: {}, brokerBusy: {}, failures: {}, discards: {} };
  scenarios.forEach((scenario) => {
    const name = scenarioName(scenario);
    results.rates[name] = {};
    results.cpu[name] = {};
    results.brokerBusy[name] = {};
    results.failures[name] = {};
    results.discards[name] = {};
    contenders.forEach((contender) => {
      results.rates[name][contender] = [];
      results.cpu[name][contender] = [];
      results.brokerBusy[name][contender] = [];
      results.failures[name][contender] = [];
      results.discards[name][contender] = [];
    });
  });
  if (ctx.options.warmup > 0) {
    for (let s = 0; s < scenarios.length; s++) {
      const count = scenarios[s].count;
      const warm: Scenario = { ...scenarios[s], count: Math.min(count, Math.max(WARMUP_MIN_MESSAGES, Math.round(count * ctx.options.warmup))) };
      for (let c = 0; c < contenders.length; c++) {
        await measure(ctx, contenders[c], warm).catch((error) =>
          log('warm-up ' + scenarioName(warm) + ' ' + CONTENDER_LABELS[contenders[c]] + ' failed: ' + firstLine(error)),
        );
      }
    }
  }
  for (let round = 0; round < ctx.options.rounds; round++) {
    for (let s = 0; s < scenarios.length; s++) {
      const scenario = scenarios[s];
      const name = scenarioName(scenario);
      const order = rotate(contenders, round + s);
      const line: string[] = [];
      for (let c = 0; c < order.length; c++) {
        const contender = order[c];
        try {
          const measured = await measure(ctx, contender, scenario);
          const discards = measured.discards || 0;
          results.discards[name][contender].push(discards);
          results.rates[name][contender].push(measured.rate);
          results.cpu[name][contender].push(measured.cpuPerMessage);
          results.brokerBusy[name][contender].push(measured.brokerBusy);
          line.push(
            CONTENDER_LABELS[contender] + ' ' + Math.round(measured.rate) + '/s ' + measured.cpuPerMessage.toFixed(1) + 'µs ' + busyLabel + ' ' + percent(measured.brokerBusy) + (discards > 0 ? ' DISCARDED ' + discards : ''),
          );
        } catch (error) {
          results.failures[name][contender].push(firstLine(error));
          line.push(CONTENDER_LABELS[contender] + ' FAILED (' + firstLine(error) + ')');
        }
      }
      log('round ' + (round + 1) + '/' + ctx.options.rounds + '  ' + name + ' x' + scenario.count + ': ' + line.join(', '));
    }
  }
  return results;
}
