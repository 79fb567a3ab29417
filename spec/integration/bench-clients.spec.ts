import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { MultiBenchResult } from '../../lib/cli/bench/multi-bench-result';
import { bundleForNode, NodeBundle } from './support/node-bundle';

const port = String(process.env.MQTT_TEST_PORT);
const ROOT = resolve(__dirname, '../..');


/** Runs `rxmqtt bench ...` with the open-files limit raised (two sockets per pair); killed after `limitMs`. */
function bench(cli: string, args: string[], limitMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = 'ulimit -n 8192 2>/dev/null; exec "$0" "$@"';
  const child = spawn('sh', ['-c', command, process.execPath, cli, 'bench', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((done) =>
    child.once('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    }),
  );
}

describe('rxmqtt bench --clients against mosquitto', () => {
  let bundle: NodeBundle;
  let cli: string;

  beforeAll(() => {
    // the CLI and its bench worker side by side, as the built package has them
    bundle = bundleForNode('bench', { rxmqtt: 'lib/cli/bin.ts', 'bench-worker': 'lib/cli/bench/bench-worker.ts' });
    cli = bundle.file('rxmqtt');
  });

  afterAll(() => bundle.cleanup());

  it('200 pairs over 2 worker threads: 400 connections, every QoS 1 message through, per-pair figures in the JSON', async () => {
    const run = await bench(cli, ['--clients', '200', '--threads', '2', '-N', '20', '-q', '1', '-h', '127.0.0.1', '-p', port, '--json'], 60000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as MultiBenchResult;
    expect(result.threads).toBe(2);
    expect(result.connections).toBe(400);
    expect(result.delivered).toBe(4000);
    expect(result.received).toBe(4000);
    expect(result.pairs.length).toBe(200);
    expect(result.pairs.every((p) => p.delivered === 20 && p.received === 20)).toBe(true);
    expect(result.latency!.p50).toBeGreaterThan(0);
    expect(result.latency!.p99).toBeGreaterThanOrEqual(result.latency!.p50);
    expect(result.memory.heapPerConnection).toBeGreaterThan(0);
  }, 70000);

  it('1000 pairs at a steady 2 msg/s per publisher: 2000 connections, readable report', async () => {
    const run = await bench(cli, ['--clients', '1000', '-N', '4', '-r', '2', '-q', '1', '-h', '127.0.0.1', '-p', port], 90000);
    process.stdout.write(run.stdout);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1000 publishers \+ 1000 subscribers on \d+ worker threads, 4 messages of 64 bytes at QoS 1 each, offered at 2 msg\/s per publisher\n/);
    expect(run.stdout).toMatch(/\nconnections: 2000 in /);
    expect(run.stdout).toMatch(/\nreceived: {4}4000 in /);
    expect(run.stdout).toMatch(/\nmemory: {6}[\d.]+ KB JS heap and -?[\d.]+ KB resident per connection\n$/);
  }, 100000);
});
