import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCliBundle, runProcess, startProcess, RunningProcess } from './support/cli-process';
import { freePort } from './support/mosquitto';
import { startPasswordBroker } from './support/password-broker';

/**
 * The `rxmqtt` command line as a user runs it: a child process (the CLI bundled once
 * with esbuild) against the shared private mosquitto, with mosquitto_pub and
 * mosquitto_sub as independent peers.
 */
describe('rxmqtt CLI', () => {
  const port = String(process.env.MQTT_TEST_PORT);
  let cli: { file: string; cleanup(): void };
  let dir: string;
  const topic = (name: string): string => 'cli-spec/' + process.pid + '/' + name;
  const rxmqtt = (args: string[], options: { stdin?: string; limitMs?: number } = {}) => runProcess(process.execPath, [cli.file, ...args], options);
  const startRxmqtt = (args: string[], options: { stdin?: string; limitMs?: number } = {}) => startProcess(process.execPath, [cli.file, ...args], options);

  /** mosquitto_sub with -d, resolved once its SUBACK is in (so the next publication reaches it). */
  async function mosquittoSub(args: string[]): Promise<RunningProcess> {
    // stdbuf: mosquitto_sub block-buffers a pipe, which would hide the SUBACK line until it exits.
    const sub = startProcess('stdbuf', ['-oL', 'mosquitto_sub', '-h', '127.0.0.1', '-p', port, '-d', ...args]);
    await sub.waitForOutput(/received SUBACK/);
    return sub;
  }

  /** Publishes with mosquitto_pub every 100 ms until `until` exits (a sub that may not have subscribed yet). */
  async function publishUntilExit(until: RunningProcess, args: string[], onPort = port): Promise<void> {
    let running = true;
    until.exited.then(() => (running = false));
    while (running) {
      await runProcess('mosquitto_pub', ['-h', '127.0.0.1', '-p', onPort, ...args], { limitMs: 3000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The payload lines of `mosquitto_sub -d` output (debug lines start with "Client"). */
  const payloadLines = (output: string): string[] => output.split('\n').filter((line) => line !== '' && !/^Client /.test(line) && !/^Subscribed/.test(line));

  beforeAll(() => {
    cli = buildCliBundle();
    dir = mkdtempSync(join(tmpdir(), 'rxmqtt-cli-spec-'));
  });
  afterAll(() => {
    cli.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pub: mosquitto_sub receives the message at QoS 1', async () => {
    const sub = await mosquittoSub(['-t', topic('pub'), '-C', '1', '-q', '1']);
    const pub = await rxmqtt(['pub', '-h', '127.0.0.1', '-p', port, '-t', topic('pub'), '-m', 'hello from rxmqtt', '-q', '1']);
    expect(pub).toMatchObject({ code: 0, stderr: '', stdout: '' });
    const received = await sub.exited;
    expect(received.code).toBe(0);
    expect(payloadLines(received.stdout)).toEqual(['hello from rxmqtt']);
  });

  it('pub -l: one message per stdin line, a blank line as an empty message, in order', async () => {
    const sub = await mosquittoSub(['-t', topic('lines'), '-C', '4', '-q', '1']);
    const pub = await rxmqtt(['pub', '--url', 'mqtt://127.0.0.1:' + port, '-t', topic('lines'), '-l', '-q', '1'], { stdin: 'first\n\nsecond\r\nthird' });
    expect(pub).toMatchObject({ code: 0, stderr: '' });
    const output = (await sub.exited).stdout;
    // four PUBLISHes; mosquitto_sub 2.0 prints nothing for the empty one
    expect(output.match(/received PUBLISH/g)).toHaveLength(4);
    expect(output).toMatch(/received PUBLISH \(d0, q1, r0, m\d+, '[^']+', \.\.\. \(0 bytes\)\)/);
    expect(payloadLines(output)).toEqual(['first', 'second', 'third']);
  });

  it('pub -f sends a file, -r retains it; sub -C 1 -v prints "topic payload"', async () => {
    const file = join(dir, 'payload.txt');
    writeFileSync(file, 'from a file');
    expect(await rxmqtt(['pub', '-h', '127.0.0.1', '-p', port, '-t', topic('file'), '-f', file, '-r'])).toMatchObject({ code: 0, stderr: '' });
    const sub = await rxmqtt(['sub', '-h', '127.0.0.1', '-p', port, '-t', topic('file'), '-C', '1', '-v']);
    expect(sub).toMatchObject({ code: 0, stderr: '', stdout: topic('file') + ' from a file\n' });
    // clear the retained message
    expect((await rxmqtt(['pub', '-h', '127.0.0.1', '-p', port, '-t', topic('file'), '-n', '-r'])).code).toBe(0);
  });

  it('sub -C 1 -v prints what mosquitto_pub publishes', async () => {
    const sub = startRxmqtt(['sub', '-h', '127.0.0.1', '-p', port, '-t', topic('sub/+'), '-C', '1', '-v']);
    await publishUntilExit(sub, ['-t', topic('sub/a'), '-m', 'from mosquitto_pub']);
    expect(await sub.exited).toMatchObject({ code: 0, stderr: '', stdout: topic('sub/a') + ' from mosquitto_pub\n' });
  });

  it('sub --json prints one JSON object per message, several -t filters, each message once', async () => {
    const sub = startRxmqtt(['sub', '-h', '127.0.0.1', '-p', port, '-t', topic('json/#'), '-t', topic('json/+'), '-q', '1', '-C', '2', '--json']);
    await publishUntilExit(sub, ['-t', topic('json/x'), '-m', '{"t":21.5}', '-q', '1']);
    const result = await sub.exited;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(JSON.parse(line)).toEqual({ topic: topic('json/x'), qos: 1, retain: false, dup: false, payload: '{"t":21.5}' });
    }
  });

  it('TLS with --cafile (mqtts, certificate verified)', async () => {
    const tlsPort = String(process.env.MQTT_TEST_TLS_PORT);
    const sub = await mosquittoSub(['-t', topic('tls'), '-C', '1']);
    const pub = await rxmqtt(['pub', '-h', '127.0.0.1', '-p', tlsPort, '--cafile', String(process.env.MQTT_TEST_CA), '-t', topic('tls'), '-m', 'over TLS']);
    expect(pub).toMatchObject({ code: 0, stderr: '' });
    expect(payloadLines((await sub.exited).stdout)).toEqual(['over TLS']);
  });

  it('a bad flag: exit 1 (as mosquitto_sub), one line on stderr, no stack trace', async () => {
    const result = await rxmqtt(['sub', '-t', 'x', '--frobnicate']);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'rxmqtt sub: unknown option --frobnicate (see --help)\n' });
  });

  it('an unreachable broker: one line naming the cause, non-zero, quickly', async () => {
    const closedPort = String(await freePort());
    const result = await rxmqtt(['pub', '-h', '127.0.0.1', '-p', closedPort, '-t', 'x', '-m', 'y']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(result.stderr).toMatch(/^rxmqtt pub: .*127\.0\.0\.1:\d+.*ECONNREFUSED.*\(CONNECT_FAILED\)\n$/);
    expect(result.ms).toBeLessThan(5000);
  });

  it('refused credentials: names the CONNACK meaning', async () => {
    const broker = await startPasswordBroker({ alice: 'secret' });
    try {
      const refused = await rxmqtt(['pub', '-h', '127.0.0.1', '-p', String(broker.port), '-u', 'alice', '-P', 'wrong', '-t', 'x', '-m', 'y']);
      expect(refused.code).toBe(5); // MOSQ_ERR_CONN_REFUSED, as mosquitto_pub
      expect(refused.stderr).toMatch(/^rxmqtt pub: connection refused: (not authorised|bad user name or password) \(CONNACK return code [45]\)\n$/);
      const accepted = await rxmqtt(['pub', '-h', '127.0.0.1', '-p', String(broker.port), '-u', 'alice', '-P', 'secret', '-t', 'x', '-m', 'y', '-q', '1']);
      expect(accepted).toMatchObject({ code: 0, stderr: '' });
    } finally {
      await broker.stop();
    }
  });

  it('Ctrl-C: sub disconnects cleanly (the broker does not send its will) and exits 0', async () => {
    const will = await mosquittoSub(['-t', topic('will'), '-W', '2']);
    const sub = startRxmqtt(['sub', '-h', '127.0.0.1', '-p', port, '-t', topic('quiet'), '-v', '--will-topic', topic('will'), '--will-payload', 'died']);
    // Connected and subscribed once a retained message comes through.
    await publishUntilOutput(sub, topic('quiet'));
    sub.child.kill('SIGINT');
    const result = await sub.exited;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.ms).toBeLessThan(8000);
    const willResult = await will.exited; // -W 2: gives up after 2 s without a message
    expect(payloadLines(willResult.stdout)).toEqual([]);
  });

  async function publishUntilOutput(proc: RunningProcess, name: string): Promise<void> {
    for (let i = 0; i < 50 && proc.stdout() === ''; i++) {
      await runProcess('mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-t', name, '-m', 'ping'], { limitMs: 3000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await proc.waitForOutput(/ping/);
  }

  it('bench: publishes N messages through the broker and reports throughput and latency', async () => {
    const result = await rxmqtt(['bench', '-h', '127.0.0.1', '-p', port, '-N', '2000', '-s', '64', '-q', '1', '--json'], { limitMs: 20000 });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ count: 2000, size: 64, qos: 1, delivered: 2000, received: 2000 });
    expect(report.publishRate).toBeGreaterThan(0);
    expect(report.latency.p50).toBeGreaterThan(0);
    expect(report.latency.p99).toBeGreaterThanOrEqual(report.latency.p50);
  });

  it('bench pulls a count above publishAll\'s push buffer (16384) without overflowing', async () => {
    const result = await rxmqtt(['bench', '-h', '127.0.0.1', '-p', port, '-N', '20000', '-s', '16', '-q', '1', '--json'], { limitMs: 30000 });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ count: 20000, delivered: 20000, received: 20000 });
  });

  it('bench -r offers messages at a steady rate', async () => {
    const result = await rxmqtt(['bench', '-h', '127.0.0.1', '-p', port, '-N', '400', '-r', '2000', '-q', '1', '--json'], { limitMs: 20000 });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ count: 400, delivered: 400, received: 400, rate: 2000 });
    expect(report.publishMs).toBeGreaterThanOrEqual(190); // 400 messages at 2000/s take at least 0.2 s
  });

  it('bench --embedded without --json prints a readable report (no progress bar off a terminal)', async () => {
    const result = await rxmqtt(['bench', '--embedded', '-N', '300', '-q', '0'], { limitMs: 20000 });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^300 messages of 64 bytes at QoS 0, as fast as the window takes them\npublished: 300 in [\d.]+ ms, \d+ msg\/s\nreceived: +\d+ in [\d.]+ ms, \d+ msg\/s\nlatency: +take to arrival, p50 [\d.]+ ms, p95 /,
    );
  });

  it('broker: serves mosquitto_pub/mosquitto_sub on loopback until Ctrl-C', async () => {
    const brokerPort = String(await freePort());
    const broker = startRxmqtt(['broker', '-p', brokerPort]);
    await broker.waitForOutput(/listening on mqtt:\/\/127\.0\.0\.1:\d+/);
    const sub = startProcess('mosquitto_sub', ['-h', '127.0.0.1', '-p', brokerPort, '-t', 'a/#', '-C', '1', '-v']);
    await publishUntilExit(sub, ['-t', 'a/b', '-m', 'via aedes'], brokerPort);
    expect((await sub.exited).stdout).toBe('a/b via aedes\n');
    broker.child.kill('SIGINT');
    expect(await broker.exited).toMatchObject({ code: 0, stderr: '' });
  });
});
