import { UsageError } from './usage-error';

/** The kinds of value a flag takes. */
export type FlagType = 'boolean' | 'string' | 'number' | 'decimal' | 'list' | 'property';

/** One command-line flag. */
export interface FlagSpec {
  /** Spellings, e.g. `['-t', '--topic']`. Short ones take their value from the next argument. */
  readonly names: readonly string[];
  /**
   * `boolean` takes no value; `number` an integer, `decimal` any non-negative decimal
   * number (`--repeat-delay 0.5`); `list` may be repeated and collects every value;
   * `property` is mosquitto's `-D command identifier value` (`-D command user-property
   * name value`): it may be repeated and collects each group of arguments.
   */
  readonly type: FlagType;
  /** One line for `--help`. */
  readonly description: string;
  /** Placeholder of the value in `--help` (default: the type). */
  readonly value?: string;
  /**
   * Set for a flag that is known but not supported yet: giving it throws a
   * {@link UsageError} with this text at once (before any value it takes is read).
   */
  readonly unsupported?: string;
  /** Giving this flag also sets another one, as if it were given at that place (mosquitto's `-D` sets `-V 5`). */
  readonly implies?: { readonly key: string; readonly value: string };
}

/** A command's flags, keyed by the option name the command reads. */
export type FlagSpecs = { readonly [key: string]: FlagSpec };

/** The parsed value of each flag: booleans default to false, lists to `[]`, the rest to undefined. */
export type FlagValues<S extends FlagSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean'
    ? boolean
    : S[K]['type'] extends 'list'
      ? string[]
      : S[K]['type'] extends 'property'
        ? string[][]
      : S[K]['type'] extends 'number' | 'decimal'
        ? number | undefined
        : string | undefined;
};

/** What {@link parseArgv} returns. */
export interface ParsedArgv<S extends FlagSpecs> {
  values: FlagValues<S>;
  /** Arguments that are not flags (and everything after `--`). */
  positionals: string[];
}

/**
 * Parses `argv` against `specs` the way mosquitto's clients do: `-t value`,
 * `--topic value` and `--topic=value`; boolean flags take no value; `list` flags may
 * repeat; a later single-valued flag wins; `--` ends the flags.
 *
 * Throws a {@link UsageError} naming the flag for an unknown flag, a missing value or a
 * value that is not an integer where one is expected. Never exits the process.
 *
 * @example
 * ```ts
 * const { values } = parseArgv(['-t', 'a/b', '-q', '1'], {
 *   topic: { names: ['-t'], type: 'list', description: 'topic' },
 *   qos: { names: ['-q'], type: 'number', description: 'QoS' },
 * });
 * // values.topic = ['a/b'], values.qos = 1
 * ```
 */
export function parseArgv<S extends FlagSpecs>(argv: readonly string[], specs: S): ParsedArgv<S> {
  const byName: { [name: string]: string } = {};
  const values: { [key: string]: unknown } = {};
  const keys = Object.keys(specs);
  for (let i = 0; i < keys.length; i++) {
    const spec = specs[keys[i]];
    for (let j = 0; j < spec.names.length; j++) byName[spec.names[j]] = keys[i];
    values[keys[i]] = spec.type === 'boolean' ? false : spec.type === 'list' || spec.type === 'property' ? [] : undefined;
  }
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      for (let j = i + 1; j < argv.length; j++) positionals.push(argv[j]);
      break;
    }
    if (arg.length < 2 || arg.charAt(0) !== '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = Object.prototype.hasOwnProperty.call(byName, name) ? byName[name] : undefined;
    if (key === undefined) throw new UsageError('unknown option ' + name + ' (see --help)');
    const spec = specs[key];
    if (spec.unsupported !== undefined) throw new UsageError(spec.unsupported);
    if (spec.implies !== undefined) values[spec.implies.key] = spec.implies.value;
    if (spec.type === 'property') {
      // command identifier value, and a second value for user-property
      const count = argv[i + 2] === 'user-property' ? 4 : 3;
      if (name !== arg || i + count >= argv.length) throw new UsageError(name + ' argument given but not enough arguments specified');
      (values[key] as string[][]).push(argv.slice(i + 1, i + 1 + count));
      i += count;
      continue;
    }
    if (spec.type === 'boolean') {
      if (name !== arg) throw new UsageError('option ' + name + ' takes no value');
      values[key] = true;
      continue;
    }
    let raw: string;
    if (name !== arg) {
      raw = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new UsageError('option ' + name + ' needs a value');
      raw = argv[++i];
    }
    if (spec.type === 'number') {
      if (!/^-?\d+$/.test(raw)) throw new UsageError('option ' + name + ' needs an integer, got "' + raw + '"');
      values[key] = Number(raw);
    } else if (spec.type === 'decimal') {
      if (!/^(\d+\.?\d*|\.\d+)$/.test(raw)) throw new UsageError('option ' + name + ' needs a number, got "' + raw + '"');
      values[key] = Number(raw);
    } else if (spec.type === 'list') {
      (values[key] as string[]).push(raw);
    } else {
      values[key] = raw;
    }
  }
  return { values: values as FlagValues<S>, positionals };
}

/**
 * The `--help` text of a command: its usage line, a description, then one line per
 * flag with its spellings, its value placeholder and its description.
 *
 * @example
 * ```ts
 * formatHelp('rxmqtt sub -t topic [options]', 'Subscribe and print messages.', SUB_FLAGS);
 * ```
 */
export function formatHelp(usage: string, summary: string, specs: FlagSpecs): string {
  const rows: Array<[string, string]> = [];
  const keys = Object.keys(specs);
  for (let i = 0; i < keys.length; i++) {
    const spec = specs[keys[i]];
    const value = spec.type === 'boolean' ? '' : ' ' + (spec.value || (spec.type === 'number' || spec.type === 'decimal' ? 'n' : 'value'));
    rows.push([spec.names.join(', ') + value, spec.description]);
  }
  rows.push(['--help', 'print this help and exit']);
  let width = 0;
  for (let i = 0; i < rows.length; i++) width = Math.max(width, rows[i][0].length);
  const lines = ['Usage: ' + usage, '', summary, '', 'Options:'];
  for (let i = 0; i < rows.length; i++) lines.push('  ' + rows[i][0].padEnd(width) + '  ' + rows[i][1]);
  return lines.join('\n') + '\n';
}
