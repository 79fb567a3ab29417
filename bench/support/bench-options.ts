/** The contenders the throughput bench knows. */
export type ContenderName = 'rxmqtt' | 'mqttjs' | 'raw';

/** The client-bound bench's peer: compiled C (falls back to Node without a compiler) or Node. */
export type PeerKind = 'native' | 'node';

/** The parts of the throughput bench that can be run alone. */
export type BenchPart = 'publish' | 'subscribe' | 'default' | 'latency' | 'burst';

/** Settings of the throughput bench, from flags (`--rounds=3`) or environment (`BENCH_ROUNDS=3`). */
export interface BenchOptions {
  /** Measured rounds per scenario and contender (default 5). */
  rounds: number;
  /** Messages per throughput run with 64-byte payloads (default 100,000). */
  messages: number;
  /** Messages per throughput run with 4 KB payloads (default 20,000). */
  largeMessages: number;
  /** Unacknowledged QoS 1 publications allowed per publisher (default 100, as MQTT.js at its best). */
  window: number;
  /** Bytes per write of the raw publisher (default 65,536). */
  chunkBytes: number;
  /** Seconds of steady publishing for the latency figure (default 5). */
  latencySeconds: number;
  /** Latency runs per contender and QoS, contenders alternating (default 3). */
  latencyRounds: number;
  /** Messages per second for the latency figure (default 1000). */
  latencyRate: number;
  /** Messages of the burst through rxmqtt publishAll (default 1,000,000). */
  burst: number;
  /** Warm-up run size as a fraction of the measured one, 0 for none (default 0.1). */
  warmup: number;
  /** Lowest rate a run may average before it counts as hung, in msg/s (default 2,000; timeouts are at least 30 s). */
  minRate: number;
  contenders: ContenderName[];
  parts: BenchPart[];
  /** The client-bound bench's peer (default native). */
  peer: PeerKind;
}

const ALL_CONTENDERS: ContenderName[] = ['rxmqtt', 'mqttjs', 'raw'];
const ALL_PARTS: BenchPart[] = ['publish', 'subscribe', 'default', 'latency', 'burst'];
const PEER_KINDS: PeerKind[] = ['native', 'node'];

/** flag → [option, default, minimum, whole number] */
const NUMBERS: { [key: string]: [keyof BenchOptions, number, number, boolean] } = {
  rounds: ['rounds', 5, 1, true],
  messages: ['messages', 100000, 1, true],
  'large-messages': ['largeMessages', 20000, 1, true],
  window: ['window', 100, 1, true],
  'chunk-bytes': ['chunkBytes', 65536, 1024, true],
  'latency-seconds': ['latencySeconds', 5, 0.5, false],
  'latency-rate': ['latencyRate', 1000, 1, false],
  'latency-rounds': ['latencyRounds', 3, 1, true],
  burst: ['burst', 1000000, 1, true],
  warmup: ['warmup', 0.1, 0, false],
  'min-rate': ['minRate', 2000, 1, false],
};

/** The usage text printed for `--help` and bad flags. */
export const BENCH_USAGE = [
  'npm run bench -- throughput [--rounds=5] [--messages=100000] [--large-messages=20000] [--window=100]',
  '  [--chunk-bytes=65536] [--latency-seconds=5] [--latency-rate=1000] [--latency-rounds=3] [--burst=1000000] [--warmup=0.1]',
  '  [--min-rate=2000] [--contenders=rxmqtt,mqttjs,raw] [--parts=publish,subscribe,default,latency,burst]',
  '  [--peer=native|node] (client-bound: the peer in C, compiled with cc, or in Node)',
  'Each flag can also be given as BENCH_<NAME> in the environment (BENCH_ROUNDS=3, BENCH_PARTS=publish).',
].join('\n');

function list<T extends string>(value: string, allowed: T[], flag: string): T[] {
  const items = value.split(',').filter((item) => item.length > 0);
  for (let i = 0; i < items.length; i++) {
    if (allowed.indexOf(items[i] as T) < 0) throw new RangeError('--' + flag + ': unknown "' + items[i] + '" (one of ' + allowed.join(', ') + ')');
  }
  if (items.length === 0) throw new RangeError('--' + flag + ' is empty');
  return items as T[];
}

/** A bench's own run sizes, which win over the shared defaults. */
export type BenchDefaults = Partial<Pick<BenchOptions, 'messages' | 'largeMessages'>>;

/**
 * Reads the bench settings: flags win over `BENCH_*` environment variables, which win
 * over `defaults` (a bench's own run sizes), which win over the shared defaults.
 *
 * @throws RangeError for an unknown flag, a value that is not a number in range, or an
 *   unknown contender or part
 * @example
 * ```ts
 * const options = readBenchOptions(process.argv.slice(2), process.env); // --rounds=3 → rounds 3
 * ```
 */
export function readBenchOptions(
  argv: string[],
  env: { [name: string]: string | undefined },
  defaults: BenchDefaults = {},
): BenchOptions {
  const given: { [flag: string]: string } = {};
  const flags = Object.keys(NUMBERS).concat(['contenders', 'parts', 'peer']);
  for (let i = 0; i < flags.length; i++) {
    const fromEnv = env['BENCH_' + flags[i].toUpperCase().replace(/-/g, '_')];
    if (fromEnv !== undefined && fromEnv !== '') given[flags[i]] = fromEnv;
  }
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)=(.*)$/.exec(argv[i]);
    if (!match || flags.indexOf(match[1]) < 0) throw new RangeError('unknown argument "' + argv[i] + '"\n' + BENCH_USAGE);
    given[match[1]] = match[2];
  }
  const options = { contenders: ALL_CONTENDERS, parts: ALL_PARTS, peer: 'native' } as unknown as BenchOptions;
  const numbers = options as unknown as { [key: string]: number };
  Object.keys(NUMBERS).forEach((flag) => {
    const spec = NUMBERS[flag];
    const text = given[flag];
    const fallback = (defaults as { [key: string]: number | undefined })[spec[0]];
    const value = text === undefined ? (fallback !== undefined ? fallback : spec[1]) : Number(text);
    if (!isFinite(value) || value < spec[2]) throw new RangeError('--' + flag + ' must be a number >= ' + spec[2] + ', got "' + text + '"');
    if (spec[3] && Math.floor(value) !== value) throw new RangeError('--' + flag + ' must be a whole number, got "' + text + '"');
    numbers[spec[0]] = value;
  });
  if (given.contenders !== undefined) options.contenders = list(given.contenders, ALL_CONTENDERS, 'contenders');
  if (given.parts !== undefined) options.parts = list(given.parts, ALL_PARTS, 'parts');
  if (given.peer !== undefined) {
    if (PEER_KINDS.indexOf(given.peer as PeerKind) < 0) throw new RangeError('--peer: unknown "' + given.peer + '" (one of ' + PEER_KINDS.join(', ') + ')');
    options.peer = given.peer as PeerKind;
  }
  return options;
}
