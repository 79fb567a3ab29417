import { PassThrough } from 'node:stream';
import { NEVER } from 'rxjs';
import type { CliIo } from '../../../lib/cli/cli-io';
import { parseCommandLine, qosFlag } from '../../../lib/cli/parse-command-line';
import { UsageError } from '../../../lib/cli/usage-error';

const FLAGS = { retain: { names: ['-r'], type: 'boolean', description: 'retain' } } as const;
const HELP = { usage: 'cmd [-r]', summary: 'Does a thing.' };

function io(out: string[]): CliIo {
  return {
    stdin: new PassThrough(),
    stdout: { write: (chunk) => out.push(String(chunk)) },
    stderr: { write: () => undefined },
    env: {},
    interrupt$: NEVER,
    createClient: () => {
      throw new Error('unused');
    },
  };
}

describe('parseCommandLine', () => {
  it('prints the help and gives undefined when --help is there, whatever else is', () => {
    const out: string[] = [];
    expect(parseCommandLine(['-x', '--help'], io(out), HELP, FLAGS)).toBeUndefined();
    expect(out.join('')).toBe('Usage: cmd [-r]\n\nDoes a thing.\n\nOptions:\n  -r      retain\n  --help  print this help and exit\n');
  });

  it('gives the flags otherwise, and refuses a stray argument', () => {
    const out: string[] = [];
    expect(parseCommandLine(['-r'], io(out), HELP, FLAGS)).toEqual({ retain: true });
    expect(() => parseCommandLine(['-r', 'extra'], io(out), HELP, FLAGS)).toThrow(new UsageError('unexpected argument "extra"'));
    expect(out).toEqual([]);
  });
});

describe('qosFlag', () => {
  it('takes 0 and 1, defaults when absent, refuses 2 for publishing (not yet) and anything else', () => {
    expect(qosFlag(undefined, 1)).toBe(1);
    expect(qosFlag(0, 1)).toBe(0);
    expect(qosFlag(1, 0)).toBe(1);
    expect(() => qosFlag(2, 0)).toThrow(new UsageError('option -q 2: this command measures QoS 0 or 1'));
    expect(() => qosFlag(-1, 0)).toThrow(new UsageError('option -q must be 0, 1 or 2, got -1'));
  });

  it('takes 2 where the command can use it (a subscription)', () => {
    expect(qosFlag(2, 0, 2)).toBe(2);
    expect(() => qosFlag(3, 0, 2)).toThrow(new UsageError('option -q must be 0, 1 or 2, got 3'));
  });
});
