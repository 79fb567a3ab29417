import { Subject } from 'rxjs';
import { PassThrough } from 'node:stream';
import { runCli, COMMANDS, exitStatusOf } from '../../../lib/cli/main';
import { UsageError } from '../../../lib/cli/usage-error';
import { ConnectionRefusedError } from '../../../lib/errors';
import type { CliIo } from '../../../lib/cli/cli-io';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const created: unknown[] = [];
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: { write: (chunk) => out.push(String(chunk)) },
    stderr: { write: (chunk) => err.push(String(chunk)) },
    env: {},
    interrupt$: new Subject<string>(),
    createClient: (options) => {
      created.push(options);
      throw new Error('no client in this spec');
    },
  };
  return { io, out, err, created };
}

describe('runCli', () => {
  it('prints the command list on --help (exit 0) and on no command (stderr, exit 2)', async () => {
    const help = fakeIo();
    await expect(runCli(['--help'], help.io)).resolves.toBe(0);
    const text = help.out.join('');
    for (const name of Object.keys(COMMANDS)) expect(text).toContain('  ' + name);
    const none = fakeIo();
    await expect(runCli([], none.io)).resolves.toBe(2);
    expect(none.err.join('')).toBe(text);
  });

  it('rejects an unknown command in one line, exit 2', async () => {
    const { io, err } = fakeIo();
    await expect(runCli(['publish'], io)).resolves.toBe(2);
    expect(err).toEqual(['rxmqtt: unknown command "publish" (commands: sub, pub, bench, broker, gateway)\n']);
  });

  it.each([
    [['sub', '-t', 'a', '--bogus'], 'rxmqtt sub: unknown option --bogus (see --help)\n'],
    [['sub'], 'rxmqtt sub: give at least one topic filter with -t\n'],
    [['sub', '-t', 'a/b', '-t', 'a/#/b'], 'rxmqtt sub: option -t "a/#/b": "#" must be a whole level and the last one [MQTT-4.7.1-2]\n'],
    [['pub', '-t', 'a/+', '-m', 'x'], 'rxmqtt pub: option -t "a/+": contains the wildcard "+" [MQTT-3.3.2-2]\n'],
    [['sub', '-t', 'a', '-q', '3'], 'rxmqtt sub: option -q must be 0, 1 or 2, got 3\n'],
    [['pub', '-t', 'a', '-m', 'x', '-q', '3'], 'rxmqtt pub: option -q must be 0, 1 or 2, got 3\n'],
    [['sub', '-t', 'a', '-C', '0'], 'rxmqtt sub: option -C must be at least 1, got 0\n'],
    [['sub', '-t', 'a', '-W', '0'], 'rxmqtt sub: option -W must be in 1..3600, got 0\n'],
    [['sub', '-t', 'a', '-R', '--retained-only'], 'rxmqtt sub: give either -R or --retained-only, not both\n'],
    [['sub', '-t', 'a', '-T', 'a/#/b'], 'rxmqtt sub: option -t "a/#/b": "#" must be a whole level and the last one [MQTT-4.7.1-2]\n'],
    [['pub', '-m', 'x'], 'rxmqtt pub: give the topic with -t (or in the path of -L mqtt://host/topic)\n'],
    [['pub', '-t', 'a'], 'rxmqtt pub: give exactly one of -m, -f, -l, -s, -n (once)\n'],
    [['pub', '-t', 'a', '-m', 'x', '-n'], 'rxmqtt pub: give exactly one of -m, -f, -l, -s, -n (once)\n'],
    [['pub', '-t', 'a', '-m', 'x', '-m', 'y'], 'rxmqtt pub: give exactly one of -m, -f, -l, -s, -n (once)\n'],
    [['pub', '-t', 'a', '-l', '--repeat', '2'], 'rxmqtt pub: option --repeat needs a count of at least 1, with -m, -f, -s or -n\n'],
    [['pub', '-t', 'a', '-m', 'x', '--repeat-delay', '1'], 'rxmqtt pub: option --repeat-delay needs --repeat\n'],
    [['pub', '-t', 'a', '-f', '/nonexistent/file'], 'rxmqtt pub: cannot read -f file "/nonexistent/file": ENOENT\n'],
    [['pub', '-t', 'a', '-m', 'x', 'extra'], 'rxmqtt pub: unexpected argument "extra"\n'],
    [['pub', '-t', 'a', '-m', 'x', '-D', 'publish', 'content-type'], 'rxmqtt pub: -D argument given but not enough arguments specified\n'],
    [['pub', '-t', 'a', '-m', 'x', '-D', 'publish', 'bogus', 'x'], 'rxmqtt pub: invalid property name "bogus" given in --property argument\n'],
    [['pub', '-t', 'a', '-m', 'x', '-D', 'connect', 'content-type', 'x'], 'rxmqtt pub: content-type property not allowed for connect in --property argument\n'],
    [['pub', '-t', 'a', '-m', 'x', '-D', 'connect', 'receive-maximum', '0'], 'rxmqtt pub: bad receive-maximum in --property argument: connect receiveMaximum must be an integer from 1 to 65535, got 0\n'],
    [['pub', '-t', 'a', '-m', 'x', '-D', 'publish', 'message-expiry-interval', 'soon'], 'rxmqtt pub: message-expiry-interval needs a number in --property argument, got "soon"\n'],
    [['sub', '-t', 'a', '-V', '5', '-x', 'abc'], 'rxmqtt sub: session-expiry-interval not a number, got "abc"\n'],
    [['sub', '-t', 'a', '-V', '5', '-x', '-1'], 'rxmqtt sub: you must provide a client id (-i) with a session that never expires (-x -1, or -c)\n'],
    [['sub', '-t', 'a', '-D', 'subscribe', 'subscription-identifier', '3'], 'rxmqtt sub: -D subscribe subscription-identifier: not supported by rxmqtt sub\n'],
    [['pub', '-t', 'a', '-m', 'x', '-V', '5', '-D', 'disconnect', 'session-expiry-interval', '3'], 'rxmqtt pub: -D disconnect session-expiry-interval above 0 needs a session expiry at connect (-x or -c)\n'],
    [['sub', '-t', 'a', '-V', '5', '-x', '0', '-D', 'disconnect', 'session-expiry-interval', '3'], 'rxmqtt sub: -D disconnect session-expiry-interval above 0 needs a session expiry at connect (-x or -c)\n'],
    [['pub', '-t', 'a', '-m', 'x', '-V', '5', '-D', 'disconnect', 'topic-alias', '3'], 'rxmqtt pub: topic-alias property not allowed for disconnect in --property argument\n'],
    [['pub', '-t', 'a', '-m', 'x', '-V', '4'], 'rxmqtt pub: invalid protocol version "4" for -V (mqttv311, 311, mqttv5, 5, mqttv31, 31)\n'],
    [['pub', '-t', 'a', '-m', 'x', '-i', 'me', '-I', 'pre'], 'rxmqtt pub: give either -i or -I, not both\n'],
    [['sub', '--url', 'mqtt://a%zz@127.0.0.1', '-t', 'x'], 'rxmqtt sub: --url has a bad percent-encoding (a % not followed by two hex digits) in its user name or password: "mqtt://a%zz@127.0.0.1"\n'],
    [['pub', '--url', 'mqtt://bob:S3c%zzret@h', '-t', 'x', '-m', 'y'], 'rxmqtt pub: --url has a bad percent-encoding (a % not followed by two hex digits) in its user name or password: "mqtt://bob:***@h"\n'],
  ])('%j: one line on stderr, exit 1 as mosquitto, no client made', async (argv, line) => {
    const { io, err, out, created } = fakeIo();
    await expect(runCli(argv, io)).resolves.toBe(1);
    expect(err).toEqual([line]);
    expect(out).toEqual([]);
    expect(created).toEqual([]);
  });

  it('--quiet keeps the error line off stderr, not the exit status', async () => {
    const { io, err } = fakeIo();
    await expect(runCli(['pub', '-t', 'a', '--quiet'], io)).resolves.toBe(1);
    expect(err).toEqual([]);
  });

  it.each([
    [['bench', '-r', '0'], 'rxmqtt bench: option -r must be in 1..10000000, got 0\n'],
    [['bench', '-s', '4'], 'rxmqtt bench: option -s must be in 8..1048576, got 4\n'],
    [['bench', '--embedded', '-p', '1883'], 'rxmqtt bench: give either --embedded or a broker (-h/-p/--url), not both\n'],
    [['broker', '-p', 'x'], 'rxmqtt broker: option -p needs an integer, got "x"\n'],
    [['bench', '--url', 'mqtt://bob:S3c%zzret@127.0.0.1'], 'rxmqtt bench: --url has a bad percent-encoding (a % not followed by two hex digits) in its user name or password: "mqtt://bob:***@127.0.0.1"\n'],
  ])('%j: one line on stderr, exit 2, no client made', async (argv, line) => {
    const { io, err, out, created } = fakeIo();
    await expect(runCli(argv, io)).resolves.toBe(2);
    expect(err).toEqual([line]);
    expect(out).toEqual([]);
    expect(created).toEqual([]);
  });

  it.each([[['--version']], [['pub', '--version']], [['sub', '--version']]])('%j prints the package version', async (argv) => {
    const { io, out } = fakeIo();
    await expect(runCli(argv, io)).resolves.toBe(0);
    expect(out).toEqual(['rxmqtt ' + (require('../../../package.json') as { version: string }).version + '\n']);
  });

  it.each([
    [new UsageError('x'), 1, 2],
    [new RangeError('x'), 1, 2],
    [new ConnectionRefusedError(4), 5, 1],
    [new Error('x'), 1, 1],
  ])('exitStatusOf(%s): %d for pub/sub (as mosquitto), %d for the others', (error, mosquitto, others) => {
    expect(exitStatusOf(error, true)).toBe(mosquitto);
    expect(exitStatusOf(error, false)).toBe(others);
  });

  it.each(['sub', 'pub', 'bench', 'broker'])('%s --help prints its options and exits 0', async (name) => {
    const { io, out, err } = fakeIo();
    await expect(runCli([name, '--help'], io)).resolves.toBe(0);
    expect(out.join('')).toMatch(new RegExp('^Usage: rxmqtt ' + name));
    expect(err).toEqual([]);
  });

  it('turns a runtime failure into one line and exit 1', async () => {
    const { io, err, created } = fakeIo();
    await expect(runCli(['pub', '-t', 'a', '-m', 'x', '-p', '1884'], io)).resolves.toBe(1);
    expect(created).toEqual([{ url: 'mqtt://localhost:1884', clean: true }]);
    expect(err).toEqual(['rxmqtt pub: no client in this spec\n']);
  });
});
