import { cpus, loadavg } from 'node:os';
import { BenchDefaults, BenchOptions, readBenchOptions } from './bench-options';
import { CONTENDERS, CONTENDER_LABELS } from './contenders';
import { WARMUP_MIN_MESSAGES } from './throughput-rounds';

/**
 * A bench's command line: prints `usage` and gives 0 for `--help`, prints the error and
 * gives 2 for a bad option, else gives the options (`defaults`: the bench's own run sizes).
 */
export function benchOptionsOrExit(usage: string, defaults?: BenchDefaults): BenchOptions | number {
  if (process.argv.indexOf('--help') >= 0) {
    console.log(usage);
    return 0;
  }
  try {
    return readBenchOptions(process.argv.slice(2), process.env, defaults);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
}

/**
 * The first lines of a bench's output: the machine (with `peer`, what the clients talk
 * to), the rounds, then `notes`, then the contenders.
 */
export function benchHeader(options: BenchOptions, peer: string | null, notes: string[] = []): string[] {
  const load = 'load average ' + loadavg().map((l: number) => l.toFixed(2)).join(' ');
  return [
    'node ' + process.version + ', ' + (peer !== null ? peer + ', ' : '') + cpus().length + ' CPUs, ' + load,
    'rounds ' + options.rounds + ' (+ warm-up ' + options.warmup + 'x, at least ' + WARMUP_MIN_MESSAGES + ' msgs), ' + options.messages +
      ' msgs of 64 B, ' + options.largeMessages + ' msgs of 4 KB, QoS 1 window ' + options.window,
  ].concat(notes, options.contenders.map((c) => '  ' + CONTENDER_LABELS[c] + ': ' + CONTENDERS[c].describe(options.window, options.chunkBytes)));
}
