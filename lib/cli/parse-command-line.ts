import { FlagSpecs, FlagValues, formatHelp, parseArgv } from './argv';
import type { CliIo } from './cli-io';
import { UsageError } from './usage-error';

/** The `--help` text parts of a command. */
export interface CommandHelp {
  /** The usage line, after `Usage: `. */
  usage: string;
  /** What the command does, a few lines. */
  summary: string;
}

/**
 * The common start of every command: prints the help and returns `undefined` when
 * `--help` is among the arguments; otherwise parses them with {@link parseArgv} and
 * throws a {@link UsageError} for a stray positional argument.
 *
 * @example
 * ```ts
 * const flags = parseCommandLine(argv, io, { usage: 'rxmqtt sub -t filter', summary: '...' }, SUB_FLAGS);
 * if (flags === undefined) return Promise.resolve(0);
 * ```
 */
export function parseCommandLine<S extends FlagSpecs>(argv: string[], io: CliIo, help: CommandHelp, specs: S): FlagValues<S> | undefined {
  if (argv.indexOf('--help') >= 0) {
    io.stdout.write(formatHelp(help.usage, help.summary, specs));
    return undefined;
  }
  const { values, positionals } = parseArgv(argv, specs);
  if (positionals.length > 0) throw new UsageError('unexpected argument "' + positionals[0] + '"');
  return values;
}

/**
 * The value of a `-q` flag: `fallback` when absent; a {@link UsageError} unless 0, 1 or,
 * where the command can use it (`max` 2: `pub` and `sub`), 2. `bench` measures QoS 0
 * and 1 (`max` 1) and says so.
 */
export function qosFlag(value: number | undefined, fallback: 0 | 1, max?: 1): 0 | 1;
export function qosFlag(value: number | undefined, fallback: 0 | 1, max: 2): 0 | 1 | 2;
export function qosFlag(value: number | undefined, fallback: 0 | 1, max: 1 | 2 = 1): 0 | 1 | 2 {
  if (value === undefined) return fallback;
  if (value === 2 && max === 1) throw new UsageError('option -q 2: this command measures QoS 0 or 1');
  if (value !== 0 && value !== 1 && value !== 2) throw new UsageError('option -q must be 0, 1 or 2, got ' + value);
  return value;
}
