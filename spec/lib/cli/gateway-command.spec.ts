import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Subject } from 'rxjs';
import type { CliIo } from '../../../lib/cli/cli-io';
import { runGatewayCommand } from '../../../lib/cli/gateway-command';
import { runCli } from '../../../lib/cli/main';
import { startEmbeddedBroker } from '../../../lib/cli/embedded-broker';
import type { ClientOptions, MqttClient } from '../../../lib/client/types';
import { createClient } from '../../../lib';
import { TransportError } from '../../../lib/errors';
import type { GatewayHandle } from '../../../lib/gateway/start-gateway';
import { FakeClient } from '../gateway/support/fake-client';
import { loopbackSocket } from '../gateway/support/loopback-socket';

const KEY = '0f'.repeat(32);

function io(make: (options: ClientOptions) => MqttClient = () => new FakeClient(), env: { [k: string]: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const interrupt$ = new Subject<string>();
  const options: ClientOptions[] = [];
  const value: CliIo = {
    stdin: new PassThrough(),
    stdout: { write: (chunk) => out.push(String(chunk).replace(/\n$/, '')) },
    stderr: { write: (chunk) => err.push(String(chunk).replace(/\n$/, '')) },
    env,
    interrupt$,
    createClient: (o) => (options.push(o), make(o)),
  };
  return { io: value, out, err, interrupt$, options };
}

describe('rxmqtt gateway', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rxmqtt-gwcmd-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function configFile(config: object): string {
    const path = join(dir, 'gw.json');
    writeFileSync(path, JSON.stringify(config));
    return path;
  }

  /** Runs the command until it has started; resolves its handle and exit. */
  async function started(argv: string[], cli = io()) {
    let handle: GatewayHandle | undefined;
    let running: () => void = () => undefined;
    const up = new Promise<void>((resolve) => (running = resolve));
    const exit = runGatewayCommand(argv, cli.io, { started: (h) => ((handle = h), running()) });
    await Promise.race([up, exit]);
    return { handle: handle as GatewayHandle, exit, cli };
  }

  it.each([
    [['--bogus'], 'rxmqtt gateway: unknown option --bogus (see --help)'],
    [['--udp', '127.0.0.1:0', '--open'], 'rxmqtt gateway: --broker URL is required'],
    [['--broker', 'mqtt://b', '--open'], 'rxmqtt gateway: --udp HOST:PORT is required'],
    [['--broker', 'mqtt://b', '--udp', '8266', '--open'], 'rxmqtt gateway: --udp expected HOST:PORT with a port from 0 to 65535, got "8266"'],
    [['--broker', 'mqtt://b', '--udp', '127.0.0.1:0', '--open', '--max-packet-size', '1'], 'rxmqtt gateway: option --max-packet-size must be in 2..268435455, got 1'],
    [
      ['--broker', 'mqtt://b', '--udp', '127.0.0.1:0'],
      'rxmqtt gateway: no nodes: give --config with "nodes": {"<id>": {"key": "<64 hex digits>"}}, or --open to accept nodes without keys',
    ],
  ])('exits 2 with one line for %j', async (argv, line) => {
    const cli = io();
    await expect(runCli(['gateway'].concat(argv), cli.io)).resolves.toBe(2);
    expect(cli.err).toEqual([line]);
    expect(cli.out).toEqual([]);
  });

  it('exits 2 for a bad config file, naming the key', async () => {
    const cli = io();
    const path = configFile({ lpmode: 'no' });
    await expect(runCli(['gateway', '--broker', 'mqtt://b', '--udp', '127.0.0.1:0', '--config', path], cli.io)).resolves.toBe(2);
    expect(cli.err).toEqual(['rxmqtt gateway: gateway config "lpmode": expected true or false, got "no"']);
  });

  it('prints its help on --help', async () => {
    const cli = io();
    await expect(runCli(['gateway', '--help'], cli.io)).resolves.toBe(0);
    expect(cli.out.join('\n')).toContain('--password-file file');
  });

  it('exits 1 when the UDP port is taken', async () => {
    const taken = await loopbackSocket();
    try {
      const cli = io();
      await expect(runCli(['gateway', '--broker', 'mqtt://b', '--open', '--udp', '127.0.0.1:' + taken.address().port], cli.io)).resolves.toBe(1);
      expect(cli.err[0]).toMatch(/^rxmqtt gateway: cannot start: udp 127\.0\.0\.1:\d+: bind EADDRINUSE/);
    } finally {
      taken.close();
    }
  });

  it('runs keyed nodes from the config, keeps the epoch in the state file, never prints the password', async () => {
    const path = configFile({ nodes: { shed: { key: KEY } }, debug: true, lpmode: false, qlen: 4 });
    const passwordFile = join(dir, 'pw');
    writeFileSync(passwordFile, 'hunter2-secret\n');
    const argv = ['--broker', 'mqtt://gw:url-secret@b:1883', '--udp', '127.0.0.1:0', '--config', path, '-u', 'gw', '--password-file', passwordFile];
    const { handle, exit, cli } = await started(argv);
    expect(cli.out[0]).toBe('rxmqtt gateway: udp 127.0.0.1:' + handle.address.port + ' <-> mqtt://gw:***@b:1883 (1 keyed node, lpmode off, qlen 4, pub_all allnodes)');
    expect(cli.options[0]).toMatchObject({ username: 'gw', password: 'hunter2-secret' });
    const epoch = JSON.parse(readFileSync(path + '.state', 'utf8')).epoch;
    expect(handle.status().epoch).toBe(epoch);
    const node = await loopbackSocket();
    node.send('["light","417",false,4]', handle.address.port, '127.0.0.1'); // unsigned: refused
    for (let i = 0; i < 50 && handle.status().refused.UNAUTHENTICATED !== 1; i++) await new Promise((r) => setTimeout(r, 10));
    node.close();
    expect(handle.status().refused).toEqual({ UNAUTHENTICATED: 1 });
    cli.interrupt$.next('SIGINT');
    await expect(exit).resolves.toBe(0);
    expect(cli.err.some((l) => /gateway error code="UNAUTHENTICATED"/.test(l))).toBe(true);
    expect(cli.out.concat(cli.err).join('\n')).not.toMatch(/hunter2|url-secret/);
    expect(cli.out[cli.out.length - 1]).toBe('rxmqtt gateway: stopped');
  });

  it('says loudly that it is open, and takes the password from MQTT_PASSWORD', async () => {
    const { exit, cli } = await started(['--broker', 'mqtt://b', '--udp', '127.0.0.1:0', '--open', '-u', 'gw'], io(undefined, { MQTT_PASSWORD: 'from-env' }));
    expect(cli.out[0]).toMatch(/\(0 keyed nodes, OPEN, /);
    expect(cli.err[0]).toMatch(/^rxmqtt gateway: WARNING: OPEN MODE: any host that can reach udp 127\.0\.0\.1:\d+ may publish and subscribe as an unauthenticated node/);
    expect(cli.options[0].password).toBe('from-env');
    cli.interrupt$.next('SIGINT');
    await expect(exit).resolves.toBe(0);
  });

  it("takes the password as pub and sub do: the URL's over MQTT_PASSWORD, MQTT_PASSWORD only with a user name, a file only with one", async () => {
    const env = { MQTT_PASSWORD: 'from-env' };
    for (const [broker, extra, expected] of [
      ['mqtt://gw:from%2Durl@b', [], { username: 'gw', password: 'from-url' }],
      ['mqtt://gw:from-url@b', ['-u', 'other'], { username: 'other', password: 'from-url' }],
      ['mqtt://gw@b', [], { username: 'gw', password: 'from-env' }],
      ['mqtt://b', [], { username: undefined, password: undefined }],
    ] as Array<[string, string[], { username?: string; password?: string }]>) {
      const { exit, cli } = await started(['--broker', broker, '--udp', '127.0.0.1:0', '--open'].concat(extra), io(undefined, env));
      expect(cli.options[0]).toMatchObject({ url: broker });
      expect({ username: cli.options[0].username, password: cli.options[0].password }).toEqual(expected);
      cli.interrupt$.next('SIGINT');
      await expect(exit).resolves.toBe(0);
    }
    const passwordFile = join(dir, 'pw-no-user');
    writeFileSync(passwordFile, 'pw\n');
    const cli = io();
    await expect(runCli(['gateway', '--broker', 'mqtt://b', '--open', '--udp', '127.0.0.1:0', '--password-file', passwordFile], cli.io)).resolves.toBe(2);
    expect(cli.err.join('\n')).toMatch(/a password \(--password-file\) needs a user name \(-u\)/);
  });

  it('--max-packet-size is the limit of its broker client (default: the client\'s own)', async () => {
    for (const [extra, limit] of [[['--max-packet-size', '4096'], 4096], [[], undefined]] as Array<[string[], number | undefined]>) {
      const { exit, cli } = await started(['--broker', 'mqtt://b', '--udp', '127.0.0.1:0', '--open'].concat(extra));
      expect(cli.options[0].maxPacketSize).toBe(limit);
      cli.interrupt$.next('SIGINT');
      await expect(exit).resolves.toBe(0);
    }
  });

  it('exits 1 when the client ends by itself', async () => {
    const client = new FakeClient();
    const { exit, cli } = await started(['--broker', 'mqtt://b', '--udp', '127.0.0.1:0', '--open'], io(() => client));
    client.state.next({ status: 'disconnected', error: new TransportError('CONNECTION_LOST', 'the broker closed the connection') });
    await expect(exit).resolves.toBe(1);
    expect(cli.err[cli.err.length - 1]).toBe('rxmqtt gateway: the broker connection ended: the broker closed the connection (CONNECTION_LOST)');
  });

  it('runs against a real broker and stops on Ctrl-C with 0', async () => {
    const broker = await startEmbeddedBroker();
    try {
      const cli = io(createClient);
      const running = runCli(['gateway', '--broker', broker.url, '--udp', '127.0.0.1:0', '--open', '--client-id', 'gw-spec'], cli.io);
      for (let i = 0; i < 100 && cli.out.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(cli.out[0]).toMatch(new RegExp('^rxmqtt gateway: udp 127\\.0\\.0\\.1:\\d+ <-> ' + broker.url.replace(/\./g, '\\.') + ' '));
      cli.interrupt$.next('SIGINT');
      await expect(running).resolves.toBe(0);
    } finally {
      await broker.stop();
    }
  });
});
