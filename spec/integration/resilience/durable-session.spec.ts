import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { RunningProcess, startProcess } from '../support/cli-process';
import { bundleForNode } from '../support/node-bundle';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';

const port = Number(process.env.MQTT_TEST_PORT);
/** Messages per run (20,000 by default; DURABLE_MESSAGES=... to change it). */
const COUNT = Number(process.env.DURABLE_MESSAGES || 20000);
const KILLS = 3;

/** Bundles the publishing child (see support/durable-publisher.ts): it starts in a fraction of ts-node's time. */
function bundleChild(): { file: string; cleanup(): void } {
  const bundle = bundleForNode('durable', { 'durable-publisher': 'spec/integration/support/durable-publisher.ts' });
  return { file: bundle.file('durable-publisher'), cleanup: bundle.cleanup };
}

/** An MQTT.js subscriber with a persistent session, counting each index it receives. */
async function countingSubscriber(topic: string, qos: 1 | 2): Promise<{ counts: Uint16Array; distinct(): number; end(): Promise<void> }> {
  const counts = new Uint16Array(COUNT);
  let distinct = 0;
  const client = mqtt.connect({ host: '127.0.0.1', port, clientId: 'durable-sub-' + process.pid + '-' + qos, clean: false, reconnectPeriod: 100 });
  client.on('message', (_t, payload) => {
    const n = payload.readUInt32BE(0);
    if (counts[n]++ === 0) distinct++;
  });
  await new Promise<void>((done, fail) => {
    client.once('connect', () => client.subscribe(topic, { qos }, (error) => (error ? fail(error) : done())));
    client.once('error', fail);
  });
  return {
    counts,
    distinct: () => distinct,
    end: () => new Promise<void>((done) => client.end(false, {}, () => done())),
  };
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Kills `child` with SIGKILL once the subscriber has seen a random 5–20 % of the messages
 * more (`seen()`), or after 3 s: mid-run however fast the machine publishes (a random
 * delay missed runs that had already ended).
 */
function killMidRun(child: RunningProcess, seen: () => number): void {
  const from = seen();
  const step = COUNT * (0.05 + Math.random() * 0.15);
  const deadline = Date.now() + 3000;
  const poll = setInterval(() => {
    if (seen() - from < step && Date.now() < deadline) return;
    clearInterval(poll);
    child.child.kill('SIGKILL');
  }, 5);
  void child.exited.then(() => clearInterval(poll));
}

/**
 * Runs the publishing child with one store directory: killed with SIGKILL mid-run
 * `KILLS` times (see killMidRun), then run to its end; with `proxy`, its connections are
 * also cut at random moments. Returns what each run printed.
 */
async function killAndResume(file: string, target: number, topic: string, qos: 1 | 2, proxy: FaultProxy | null, seen: () => number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-durable-'));
  const outputs: string[] = [];
  const clientId = 'durable-pub-' + process.pid + '-' + qos;
  try {
    for (let run = 0; run <= KILLS; run++) {
      const child = startProcess(process.execPath, [file, String(target), dir, topic, String(COUNT), String(qos), clientId], { limitMs: 60000 });
      await child.waitForOutput(/recovered \d+/, 10000);
      let cutter: NodeJS.Timeout | null = null;
      if (proxy !== null) {
        const cut = (): void => {
          proxy.cutAll();
          cutter = setTimeout(cut, 150 + Math.random() * 400);
        };
        cutter = setTimeout(cut, 100 + Math.random() * 300);
      }
      if (run < KILLS) killMidRun(child, seen);
      const result = await child.exited;
      if (cutter !== null) clearTimeout(cutter);
      outputs.push((result.signal || 'exit ' + result.code) + ': ' + result.stdout.trim().replace(/\n/g, ' | ') + (result.stderr ? ' ! ' + result.stderr : ''));
    }
    return outputs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('durable sessions: a fileStore across SIGKILLed processes', () => {
  let child: { file: string; cleanup(): void };
  beforeAll(() => {
    child = bundleChild();
  });
  afterAll(() => child.cleanup());

  it(`QoS 1: ${COUNT} messages through publishAll, the publisher killed ${KILLS} times; the subscriber sees every one at least once`, async () => {
    const topic = 'rxmqtt/durable/1/' + Math.random().toString(36).slice(2);
    const subscriber = await countingSubscriber(topic, 1);
    try {
      const runs = await killAndResume(child.file, port, topic, 1, null, subscriber.distinct);
      if (process.env.DURABLE_VERBOSE) console.log(runs.join('\n'));
      await until(() => subscriber.distinct() === COUNT, 10000);
      expect(runs.slice(0, KILLS).every((r) => r.startsWith('SIGKILL'))).toBe(true); // each kill landed mid-run
      expect(runs[KILLS]).toMatch(/^exit 0: recovered \d+ \| done \d+ 0 recovered-ok \d+$/);
      expect(runs.slice(1).some((r) => !/recovered 0( |$)/.test(r))).toBe(true); // something was in flight at a kill
      const missing = [];
      for (let i = 0; i < COUNT; i++) if (subscriber.counts[i] === 0) missing.push(i);
      expect(missing).toEqual([]);
    } finally {
      await subscriber.end();
    }
  }, 120000);

  it(`QoS 2: ${COUNT} messages, killed ${KILLS} times and its connections cut meanwhile; the subscriber sees every one exactly once`, async () => {
    const topic = 'rxmqtt/durable/2/' + Math.random().toString(36).slice(2);
    const subscriber = await countingSubscriber(topic, 2);
    const proxy = await startFaultProxy({ targetPort: port });
    try {
      const runs = await killAndResume(child.file, proxy.port, topic, 2, proxy, subscriber.distinct);
      if (process.env.DURABLE_VERBOSE) console.log(runs.join('\n'));
      await until(() => subscriber.distinct() === COUNT, 10000);
      expect(runs.slice(0, KILLS).every((r) => r.startsWith('SIGKILL'))).toBe(true);
      expect(runs[KILLS]).toMatch(/^exit 0: recovered \d+ \| done \d+ 0 recovered-ok \d+$/);
      expect(proxy.accepted).toBeGreaterThan(KILLS + 1); // connections were cut, not only processes killed
      expect(runs.slice(1).some((r) => !/recovered 0( |$)/.test(r))).toBe(true);
      const wrong: string[] = [];
      for (let i = 0; i < COUNT; i++) if (subscriber.counts[i] !== 1) wrong.push(i + ':' + subscriber.counts[i]);
      expect(wrong).toEqual([]);
    } finally {
      await proxy.close();
      await subscriber.end();
    }
  }, 120000);
});
