import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { firstValueFrom, toArray, timeout } from 'rxjs';
import { tcpTransport } from '../../../adapters/tcp';
import { createClient } from '../../../lib/client/create-client';
import type { MqttClient, OutgoingMessage } from '../../../lib/client/types';
import { bundleForNode, NodeBundle } from '../support/node-bundle';

const port = Number(process.env.MQTT_TEST_PORT);
const ROOT = resolve(__dirname, '../../..');

/** A consumer process and the payloads it printed so far. */
interface Consumer {
  child: ChildProcess;
  lines: string[];
  exited: Promise<void>;
}

function startConsumer(bundle: string, clientId: string, filter: string): Consumer {
  const child = spawn(process.execPath, [bundle, String(port), clientId, filter], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() as string;
    for (const line of parts) lines.push(line);
  });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write('consumer ' + clientId + ': ' + chunk));
  // no consumer outlives the spec
  const killer = setTimeout(() => child.kill('SIGKILL'), 90000);
  const exited = new Promise<void>((done) => child.once('exit', () => (clearTimeout(killer), done())));
  return { child, lines, exited };
}

/** Resolves once `check()` holds (polled every 20 ms), rejects after `ms`. */
function until(check: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((done, fail) => {
    const poll = (): void => {
      if (check()) done();
      else if (Date.now() > deadline) fail(new Error('timed out waiting for ' + what()));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

function* messages(topic: string, from: number, to: number): Generator<OutgoingMessage> {
  for (let i = from; i < to; i++) yield { topic, payload: 'm' + i, qos: 1 };
}

/** Publishes messages `from` .. `to - 1` at QoS 1; resolves when every PUBACK is in. */
async function publishRange(publisher: MqttClient, topic: string, from: number, to: number): Promise<void> {
  const results = await firstValueFrom(publisher.publishAll(messages(topic, from, to), { maxInFlight: 200 }).pipe(toArray(), timeout(30000)));
  expect(results.filter((r) => r.ok).length).toBe(to - from);
}

/** The message numbers a consumer printed (probes left out). */
function numbers(consumer: Consumer): number[] {
  return consumer.lines.filter((l) => l.charAt(0) === 'm').map((l) => Number(l.slice(1)));
}

/**
 * Publishes probes until every consumer printed one: then each has its SUBACK and the
 * broker counts it in the group.
 */
async function untilAllSubscribed(publisher: MqttClient, topic: string, consumers: Consumer[]): Promise<void> {
  let probes = 0;
  const all = () => consumers.every((c) => c.lines.some((l) => l.startsWith('probe')));
  while (!all()) {
    if (probes++ > 300) throw new Error('consumers did not all get a probe: ' + consumers.map((c) => c.lines.length).join(','));
    await firstValueFrom(publisher.publish(topic, 'probe' + probes, { qos: 1 }));
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe('shared subscriptions against mosquitto (MQTT 3.1.1, three consumer processes)', () => {
  let consumerBundle: NodeBundle;
  let bundle: string;
  const started: Consumer[] = [];

  beforeAll(() => {
    // the consumer program, bundled once: starting a bundle is much faster than ts-node
    consumerBundle = bundleForNode('share', { 'share-consumer': 'spec/integration/support/share-consumer.ts' });
    bundle = consumerBundle.file('share-consumer');
  });

  afterAll(async () => {
    for (const c of started) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await Promise.all(started.map((c) => c.exited));
    consumerBundle.cleanup();
  });

  function consumers(group: string, filter: string): Consumer[] {
    const list = [0, 1, 2].map((i) => startConsumer(bundle, 'rxmqtt-share-' + group + '-' + i + '-' + process.pid, '$share/' + group + '/' + filter));
    started.push(...list);
    return list;
  }

  async function connectedPublisher(name: string): Promise<MqttClient> {
    const publisher = createClient({ transport: tcpTransport({ host: '127.0.0.1', port }), clientId: name + process.pid, reconnect: false });
    await firstValueFrom(publisher.connect());
    return publisher;
  }

  it('30,000 QoS 1 messages: each consumer gets between 25 % and 42 %, none lost, none twice', async () => {
    const count = 30000;
    const topic = 'rxmqtt/share/' + process.pid + '/load';
    const group = consumers('even', 'rxmqtt/share/' + process.pid + '/+');
    const publisher = await connectedPublisher('rxmqtt-share-pub-');
    try {
      await untilAllSubscribed(publisher, topic, group);
      const started = Date.now();
      await publishRange(publisher, topic, 0, count);
      await until(() => group.reduce((n, c) => n + numbers(c).length, 0) >= count, 30000, () => 'consumers: ' + group.map((c) => numbers(c).length));
      const ms = Date.now() - started;
      const seen = new Uint8Array(count);
      let duplicates = 0;
      for (const c of group) for (const n of numbers(c)) (seen[n]++ > 0 ? duplicates++ : 0);
      expect(duplicates).toBe(0);
      expect(seen.every((s) => s === 1)).toBe(true);
      const shares = group.map((c) => numbers(c).length / count);
      for (const share of shares) {
        expect(share).toBeGreaterThanOrEqual(0.25);
        expect(share).toBeLessThanOrEqual(0.42);
      }
      process.stdout.write('shared subscription: ' + count + ' QoS 1 messages in ' + ms + ' ms, shares ' + shares.map((s) => (s * 100).toFixed(1) + ' %').join(', ') + '\n');
    } finally {
      await firstValueFrom(publisher.disconnect(), { defaultValue: undefined });
    }
  }, 60000);

  it('a consumer killed halfway: the other two get every message published after the kill', async () => {
    const half = 5000;
    const topic = 'rxmqtt/share/' + process.pid + '/kill';
    const group = consumers('kill', topic);
    const publisher = await connectedPublisher('rxmqtt-share-kill-pub-');
    try {
      await untilAllSubscribed(publisher, topic, group);
      await publishRange(publisher, topic, 0, half);
      group[0].child.kill('SIGKILL');
      await group[0].exited;
      // mosquitto reads the closed socket and drops the session from the group
      await new Promise((r) => setTimeout(r, 300));
      await publishRange(publisher, topic, half, 2 * half);
      const after = (c: Consumer) => numbers(c).filter((n) => n >= half);
      await until(() => after(group[1]).length + after(group[2]).length >= half, 30000, () => 'survivors: ' + group.slice(1).map((c) => after(c).length));
      const seen = new Uint8Array(half);
      for (const c of group.slice(1)) for (const n of after(c)) seen[n - half]++;
      expect(seen.every((s) => s === 1)).toBe(true);
      expect(after(group[0])).toEqual([]);
      // both survivors take a share of the load
      expect(after(group[1]).length).toBeGreaterThan(half * 0.3);
      expect(after(group[2]).length).toBeGreaterThan(half * 0.3);
    } finally {
      await firstValueFrom(publisher.disconnect(), { defaultValue: undefined });
    }
  }, 60000);
});
