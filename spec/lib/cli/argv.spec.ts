import { formatHelp, parseArgv } from '../../../lib/cli/argv';
import { UsageError } from '../../../lib/cli/usage-error';

const FLAGS = {
  topic: { names: ['-t', '--topic'], type: 'list', value: 'filter', description: 'topic filter' },
  qos: { names: ['-q', '--qos'], type: 'number', value: 'qos', description: 'QoS' },
  message: { names: ['-m', '--message'], type: 'string', description: 'message' },
  retain: { names: ['-r', '--retain'], type: 'boolean', description: 'retain' },
} as const;

function usageErrorOf(argv: string[]): UsageError {
  try {
    parseArgv(argv, FLAGS);
  } catch (error) {
    return error as UsageError;
  }
  throw new Error('parseArgv accepted ' + JSON.stringify(argv));
}

describe('parseArgv', () => {
  it('gives defaults when no flag is given: false, [] and undefined', () => {
    expect(parseArgv([], FLAGS)).toEqual({
      values: { topic: [], qos: undefined, message: undefined, retain: false },
      positionals: [],
    });
  });

  it.each([
    [['-t', 'a/b', '-q', '1', '-m', 'hi', '-r'], { topic: ['a/b'], qos: 1, message: 'hi', retain: true }],
    [['--topic', 'a/b', '--qos=0', '--message=x=y'], { topic: ['a/b'], qos: 0, message: 'x=y', retain: false }],
    [['-t', 'a', '-t', 'b/#', '--topic=c/+'], { topic: ['a', 'b/#', 'c/+'], qos: undefined, message: undefined, retain: false }],
    [['-m', 'first', '-m', 'second'], { topic: [], qos: undefined, message: 'second', retain: false }],
    [['-m', '-r'], { topic: [], qos: undefined, message: '-r', retain: false }],
    [['-m', ''], { topic: [], qos: undefined, message: '', retain: false }],
  ])('parses %j', (argv, values) => {
    expect(parseArgv(argv, FLAGS).values).toEqual(values);
  });

  it('keeps positionals and everything after --', () => {
    expect(parseArgv(['one', '-r', '--', '-t', 'x', '-'], FLAGS)).toEqual({
      values: { topic: [], qos: undefined, message: undefined, retain: true },
      positionals: ['one', '-t', 'x', '-'],
    });
  });

  it.each([
    [['-x'], 'unknown option -x (see --help)'],
    [['--bogus=1'], 'unknown option --bogus (see --help)'],
    [['-t'], 'option -t needs a value'],
    [['-q', 'one'], 'option -q needs an integer, got "one"'],
    [['--qos=1.5'], 'option --qos needs an integer, got "1.5"'],
    [['--retain=yes'], 'option --retain takes no value'],
  ])('rejects %j with a UsageError', (argv, message) => {
    const error = usageErrorOf(argv);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
  });

  it('does not take inherited object keys for flags', () => {
    expect(usageErrorOf(['--constructor']).message).toBe('unknown option --constructor (see --help)');
  });
});

describe('formatHelp', () => {
  it('lists every flag with its spellings and value, aligned, and --help last', () => {
    expect(formatHelp('cmd -t filter', 'Does things.', FLAGS)).toBe(
      [
        'Usage: cmd -t filter',
        '',
        'Does things.',
        '',
        'Options:',
        '  -t, --topic filter   topic filter',
        '  -q, --qos qos        QoS',
        '  -m, --message value  message',
        '  -r, --retain         retain',
        '  --help               print this help and exit',
        '',
      ].join('\n'),
    );
  });
});

describe('parseArgv: decimal and not-yet-supported flags', () => {
  const SPECS = {
    delay: { names: ['--delay'], type: 'decimal', description: 'seconds' },
    future: { names: ['-D'], type: 'boolean', description: 'later', unsupported: '-D is not supported yet' },
  } as const;

  it('reads a decimal number', () => {
    expect(parseArgv(['--delay', '0.25'], SPECS).values.delay).toBe(0.25);
    expect(parseArgv(['--delay=3'], SPECS).values.delay).toBe(3);
    expect(parseArgv(['--delay', '.5'], SPECS).values.delay).toBe(0.5);
  });

  it.each(['x', '-1', '1e3', ''])('refuses %j where a decimal number is expected', (raw) => {
    expect(() => parseArgv(['--delay', raw], SPECS)).toThrow(new UsageError('option --delay needs a number, got "' + raw + '"'));
  });

  it('throws the flag\'s own text for a flag that is not supported yet, before reading what follows', () => {
    expect(() => parseArgv(['-D', 'publish', 'user-property', 'a', 'b'], SPECS)).toThrow(new UsageError('-D is not supported yet'));
  });
});

describe('parseArgv: mosquitto\'s -D command identifier value', () => {
  const SPECS = {
    version: { names: ['-V'], type: 'string', description: 'version' },
    property: { names: ['-D'], type: 'property', description: 'property', implies: { key: 'version', value: '5' } },
  } as const;

  it('collects each group (a user-property takes a name and a value) and sets what it implies where it stands', () => {
    const { values } = parseArgv(['-D', 'publish', 'content-type', 'text/plain', '-D', 'connect', 'user-property', 'a', 'b'], SPECS);
    expect(values.property).toEqual([['publish', 'content-type', 'text/plain'], ['connect', 'user-property', 'a', 'b']]);
    expect(values.version).toBe('5');
    expect(parseArgv(['-D', 'publish', 'content-type', 'x', '-V', '311'], SPECS).values.version).toBe('311');
    expect(parseArgv(['-V', '311', '-D', 'publish', 'content-type', 'x'], SPECS).values.version).toBe('5');
  });

  it('refuses a group cut short', () => {
    expect(() => parseArgv(['-D', 'publish', 'user-property', 'a'], SPECS)).toThrow(new UsageError('-D argument given but not enough arguments specified'));
    expect(() => parseArgv(['-D', 'publish'], SPECS)).toThrow(UsageError);
  });
});
