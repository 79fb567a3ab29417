import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATEWAY_USAGE, parseGatewayArgs, runGatewayCommand } from '../../../lib/gateway/gateway-command';
import type { GatewayHandle } from '../../../lib/gateway/start-gateway';
import { TransportError } from '../../../lib/errors';
import { FakeClient } from './support/fake-client';
import { thrown } from './support/thrown';
import { loopbackSocket } from './support/loopback-socket';

describe('parseGatewayArgs', () => {
  it.each([
    [['--broker', 'mqtt://127.0.0.1:1883', '--udp', '127.0.0.1:8266'], { broker: 'mqtt://127.0.0.1:1883', udp: { host: '127.0.0.1', port: 8266 } }],
    [
      ['--udp=[::1]:8266', '--broker=mqtts://b', '--config', 'gw.json', '--client-id', 'gw1'],
      { broker: 'mqtts://b', udp: { host: '::1', port: 8266 }, configPath: 'gw.json', clientId: 'gw1' },
    ],
  ])('parses %j', (argv, expected) => {
    expect(parseGatewayArgs(argv)).toEqual(expected);
  });

  it.each([
    [['--udp', '127.0.0.1:8266'], 'rxmqtt gateway: --broker URL is required'],
    [['--broker', 'mqtt://b'], 'rxmqtt gateway: --udp HOST:PORT is required'],
    [['--broker', 'mqtt://b', '--udp'], 'rxmqtt gateway: --udp needs a value'],
    [['--broker', 'mqtt://b', '--udp', '8266'], 'rxmqtt gateway: --udp expected HOST:PORT with a port from 0 to 65535, got "8266"'],
    [['--broker', 'mqtt://b', '--udp', 'h:1', '--verbose'], 'rxmqtt gateway: unknown option "--verbose"'],
  ])('refuses %j with a TypeError', (argv, message) => {
    const error = thrown(() => parseGatewayArgs(argv));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(message);
  });
});

describe('runGatewayCommand', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxmqtt-gwcmd-'));
    out = [];
    err = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const io = (extra: object = {}) =>
    Object.assign({ out: (l: string) => out.push(l), err: (l: string) => err.push(l), createClient: () => new FakeClient() }, extra);

  it('exits 2 with one line on stderr for bad arguments', async () => {
    await expect(runGatewayCommand(['--broker', 'mqtt://b'], io())).resolves.toBe(2);
    expect(err).toEqual(['rxmqtt gateway: --udp HOST:PORT is required']);
    expect(out).toEqual([]);
  });

  it('prints the usage on stdout and exits 0 for --help', async () => {
    await expect(runGatewayCommand(['--help'], io())).resolves.toBe(0);
    expect(out).toEqual([GATEWAY_USAGE]);
    expect(err).toEqual([]);
  });

  it('exits 2 for a bad config file, naming the key', async () => {
    const path = join(dir, 'gw.json');
    writeFileSync(path, '{"lpmode": "no"}');
    await expect(runGatewayCommand(['--broker', 'mqtt://b', '--udp', '127.0.0.1:0', '--config', path], io())).resolves.toBe(2);
    expect(err[0]).toBe('gateway config "lpmode": expected true or false, got "no"');
  });

  it('exits 1 when the gateway cannot start', async () => {
    const taken = await loopbackSocket();
    try {
      const code = await runGatewayCommand(['--broker', 'mqtt://b', '--udp', '127.0.0.1:' + taken.address().port], io());
      expect(code).toBe(1);
      expect(err[0]).toMatch(/^rxmqtt gateway: cannot start: \[CONNECT_FAILED\] udp 127\.0\.0\.1:\d+: bind EADDRINUSE/);
    } finally {
      taken.close();
    }
  });

  it('runs with the config file until told to stop, printing events when debug is on', async () => {
    const path = join(dir, 'gw.json');
    writeFileSync(path, '{"debug": true, "lpmode": false, "qlen": 4}');
    let stop: () => void = () => undefined;
    const until = new Promise<void>((resolve) => (stop = resolve));
    let handle: GatewayHandle | undefined;
    let running: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (running = resolve));
    const argv = ['--broker', 'mqtt://b', '--udp', '127.0.0.1:0', '--config', path];
    const exit = runGatewayCommand(argv, io({ until, started: (h: GatewayHandle) => ((handle = h), running()) }));
    await started;
    expect(out[0]).toBe('rxmqtt gateway: udp 127.0.0.1:' + handle!.address.port + ' <-> mqtt://b (lpmode off, qlen 4, pub_all allnodes)');
    const node = await loopbackSocket();
    const nodePort = node.address().port;
    const answered = new Promise((resolve) => node.once('message', resolve));
    node.send('["light","417",false,4]', handle!.address.port, '127.0.0.1');
    await answered;
    node.close();
    expect(err).toEqual([
      'gateway connected',
      'gateway node address="127.0.0.1:' + nodePort + '"',
      'gateway forwarded from="127.0.0.1:' + nodePort + '" topic="light" qos=0',
    ]);
    stop();
    await expect(exit).resolves.toBe(0);
    expect(out.slice(1)).toEqual(['rxmqtt gateway: stopped']);
  });

  it('exits 1 when the client ends by itself', async () => {
    const client = new FakeClient();
    let running: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (running = resolve));
    const exit = runGatewayCommand(
      ['--broker', 'mqtt://b', '--udp', '127.0.0.1:0'],
      io({ createClient: () => client, until: new Promise(() => undefined), started: () => running() }),
    );
    await started;
    client.state.next({ status: 'disconnected', error: new TransportError('CONNECTION_LOST', 'the broker closed the connection') });
    await expect(exit).resolves.toBe(1);
    expect(err[err.length - 1]).toBe('rxmqtt gateway: the broker connection ended: [CONNECTION_LOST] the broker closed the connection');
  });
});
