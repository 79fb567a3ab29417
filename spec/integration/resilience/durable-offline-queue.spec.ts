import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startProcess } from '../support/cli-process';
import { bundleForNode } from '../support/node-bundle';
import { startFaultProxy } from '../support/fault-proxy';
import { until } from '../../support/until';

const port = Number(process.env.MQTT_TEST_PORT);
/** Messages queued while offline (1,000 by default; OFFLINE_MESSAGES=... to change it, at most the queue's 5,000). */
const COUNT = Number(process.env.OFFLINE_MESSAGES || 1000);

/** An MQTT.js subscriber (persistent session) counting each index it receives. */
async function countingSubscriber(topic: string): Promise<{ distinct(): number; missing(): number[]; end(): Promise<void> }> {
  const counts = new Uint16Array(COUNT);
  let distinct = 0;
  const client = mqtt.connect({ host: '127.0.0.1', port, clientId: 'offline-sub-' + process.pid + '-' + Math.random().toString(36).slice(2), clean: false });
  client.on('message', (_t, payload) => {
    if (counts[payload.readUInt32BE(0)]++ === 0) distinct++;
  });
  await new Promise<void>((done, fail) => {
    client.once('connect', () => client.subscribe(topic, { qos: 1 }, (error) => (error ? fail(error) : done())));
    client.once('error', fail);
  });
  return {
    distinct: () => distinct,
    missing: () => {
      const out: number[] = [];
      for (let i = 0; i < COUNT; i++) if (counts[i] === 0) out.push(i);
      return out;
    },
    end: () => new Promise<void>((done) => client.end(false, {}, () => done())),
  };
}

/**
 * A child connects through the fault proxy, the proxy goes down (links cut, new
 * connections refused), the child publishes `COUNT` QoS 1 messages into its offline queue
 * and is killed with SIGKILL; the proxy comes back and a second child with the same
 * fileStore runs until `recovered$` completes. Returns the subscriber's view and the
 * second child's output.
 */
async function killWhileOffline(file: string, storeQueue: boolean): Promise<{ missing: number[]; second: string }> {
  const topic = 'rxmqtt/offline/' + Math.random().toString(36).slice(2);
  const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-offline-'));
  const clientId = 'offline-pub-' + process.pid + '-' + Math.random().toString(36).slice(2);
  const subscriber = await countingSubscriber(topic);
  const proxy = await startFaultProxy({ targetPort: port });
  const args = (count: number): string[] => [file, String(proxy.port), dir, topic, String(count), clientId, storeQueue ? '1' : '0'];
  try {
    const first = startProcess(process.execPath, args(COUNT), { limitMs: 60000 });
    await first.waitForOutput(/connected/, 10000);
    await proxy.refuseNew(true);
    proxy.cutAll();
    await first.waitForOutput(/queued \d+/, 30000);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    await proxy.refuseNew(false);
    const second = await startProcess(process.execPath, args(0), { limitMs: 60000 }).exited;
    // every message, or (none expected) a second for any late one to show up; the missing ones are the result
    await until(() => subscriber.distinct() === COUNT, storeQueue ? 10000 : 1000).catch(() => undefined);
    return { missing: subscriber.missing(), second: second.stdout.trim().replace(/\n/g, ' | ') + (second.stderr ? ' ! ' + second.stderr : '') };
  } finally {
    await proxy.close();
    await subscriber.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('storeOfflineQueue: a fileStore keeps the offline queue across a SIGKILL', () => {
  let child: { file: string; cleanup(): void };
  beforeAll(() => {
    const bundle = bundleForNode('offline', { 'offline-publisher': 'spec/integration/support/offline-publisher.ts' });
    child = { file: bundle.file('offline-publisher'), cleanup: bundle.cleanup };
  });
  afterAll(() => child.cleanup());

  it(`${COUNT} QoS 1 messages queued while the broker is unreachable, the publisher killed: the next run delivers every one`, async () => {
    const { missing, second } = await killWhileOffline(child.file, true);
    expect(second).toBe('connected | recovered ' + COUNT + ' 0');
    expect(missing).toEqual([]);
  }, 90000);

  it('without storeOfflineQueue the same kill loses them all: the queue was in memory', async () => {
    const { missing, second } = await killWhileOffline(child.file, false);
    expect(second).toBe('connected | recovered 0 0');
    expect(missing.length).toBe(COUNT);
  }, 90000);
});
