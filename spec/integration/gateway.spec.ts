import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { registerNodeSchemes } from '../../adapters/node-schemes';
import { createClient } from '../../lib/client/create-client';
import type { GatewayConfig } from '../../lib/gateway/gateway-config';
import { createNodeClient, NodeClient } from '../../lib/gateway/node-client';
import { nodeUdpSocket } from '../../adapters/udp-node-socket';
import { GatewayHandle, startGateway } from '../../lib/gateway/start-gateway';
import { MosquittoInstance, startMosquitto } from './support/mosquitto';

/**
 * The gateway against a real mosquitto with real UDP sockets on 127.0.0.1: nodes are
 * `createNodeClient` over `nodeUdpSocket`, outsiders are mosquitto_pub / mosquitto_sub,
 * each run bounded (`-W`, a kill timer). Topics carry a per-run prefix so tests cannot
 * see each other's messages.
 */

registerNodeSchemes();
const KEYS = ['', '11'.repeat(32), '22'.repeat(32), '33'.repeat(32), '44'.repeat(32)];
const run = 'gwtest' + process.pid + '-' + Date.now().toString(36);
let serial = 0;

/** Runs a mosquitto client tool to completion (killed after `ms`); resolves with its stdout. */
function tool(binary: string, args: string[], input?: string, ms = 8000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(binary + ' ' + args.join(' ') + ' exited ' + code + ': ' + err));
    });
    child.stdin.end(input === undefined ? '' : input);
  });
}

/** The retained message of `topic` (mosquitto_sub exits after one message, or fails after 5 s). */
function retained(port: number, topic: string): Promise<string> {
  return tool('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-C', '1', '-W', '5', '-v']).then((s) => s.trim());
}

/** Reads the retained JSON report of `topic` until `accept` takes it (at most 10 reads). */
async function retainedJson(port: number, topic: string, accept: (report: { [key: string]: unknown }) => boolean): Promise<{ [key: string]: unknown }> {
  let report: { [key: string]: unknown } = {};
  for (let attempt = 0; attempt < 10; attempt++) {
    report = JSON.parse((await retained(port, topic)).slice(topic.length + 1));
    if (accept(report)) return report;
    await new Promise((r) => setTimeout(r, 100));
  }
  return report;
}

/** Publishes each line of `lines` to `topic` at QoS 1 with mosquitto_pub. */
function publishLines(port: number, topic: string, lines: string[]): Promise<string> {
  return tool('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', '1', '-l'], lines.join('\n') + '\n');
}

/** Polls `condition` every 20 ms; rejects with `what` after `ms`. */
function waitFor(what: string, condition: () => boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out waiting for ' + what));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

describe('the gateway against mosquitto over UDP on 127.0.0.1', () => {
  const brokerPort = Number(process.env.MQTT_TEST_PORT);
  let gateway: GatewayHandle | undefined;
  let sockets: Array<{ close(): void }> = [];
  let prefix: string;

  /** Keyed nodes n1..n4, each reaching the run's prefix (and `dummy`, the seed's wake-up topic). */
  function nodesConfig(): GatewayConfig['nodes'] {
    const nodes: GatewayConfig['nodes'] = {};
    for (let i = 1; i <= 4; i++) nodes['n' + i] = { key: KEYS[i], publish: [prefix + '/#', 'dummy'], subscribe: [prefix + '/#'] };
    return nodes;
  }

  async function start(port: number, config: Partial<GatewayConfig> = {}): Promise<GatewayHandle> {
    const client = createClient({
      url: 'mqtt://127.0.0.1:' + port,
      clientId: run + '-' + serial,
      keepalive: 5,
      responseTimeout: 2000,
      reconnect: { initialDelay: 100, maxDelay: 400, random: () => 0.5 },
    });
    gateway = await startGateway({
      client,
      udp: { host: '127.0.0.1', port: 0 },
      config: Object.assign(
        {
          nodes: nodesConfig(),
          pub_all: [prefix + '/allnodes', 1],
          errors: [prefix + '/gw_errors', true, 1],
          status: [prefix + '/gw_status', true, 0],
          statreq: [prefix + '/gw_query', 0],
        } as unknown as Partial<GatewayConfig>,
        config,
      ),
    });
    return gateway;
  }

  /** Keyed node `n<id>` on 127.0.0.1 talking to the running gateway. */
  function node(id = 1): NodeClient {
    const socket = nodeUdpSocket({ gateway: '127.0.0.1:' + gateway!.address.port, bind: { host: '127.0.0.1' } });
    sockets.push(socket);
    return createNodeClient({ socket, nodeId: 'n' + id, key: KEYS[id], ackTimeout: 1000, retries: 3 });
  }

  beforeEach(() => {
    serial++;
    prefix = run + '/' + serial;
  });

  afterEach(async () => {
    for (let i = 0; i < sockets.length; i++) sockets[i].close();
    sockets = [];
    if (gateway) await gateway.stop();
    gateway = undefined;
  });

  it('forwards a node publication to the broker, where mosquitto_sub reads it, and ACKs qos | 4', async () => {
    await start(brokerPort);
    const sensor = node();
    await expect(sensor.publish(prefix + '/light', '417', { qos: 1, retain: true, ack: true })).resolves.toBe('ack');
    await expect(retained(brokerPort, prefix + '/light')).resolves.toBe(prefix + '/light 417');
    expect(gateway!.status()).toMatchObject({ connected: true, nodes: 1, forwarded: 1 });
  });

  it('delivers an allnodes message only after the node next publishes', async () => {
    await start(brokerPort);
    const sleeper = node();
    await expect(sleeper.publish(prefix + '/hello', 'hi', { ack: true })).resolves.toBe('ack');
    await publishLines(brokerPort, prefix + '/allnodes', ['red']);
    await waitFor('the message queued', () => gateway!.status().queued === 1);
    await expect(sleeper.receive(150)).resolves.toEqual([]);
    await expect(sleeper.publish('dummy', 'dummy', { ack: true })).resolves.toBe('ack');
    await expect(sleeper.receive(200)).resolves.toEqual([{ topic: prefix + '/allnodes', message: 'red', retained: false }]);
  });

  it('routes a subscribed topic to the node, and drops the oldest when its queue overflows', async () => {
    await start(brokerPort, { qlen: 3 });
    const sub = node();
    await sub.subscribe(prefix + '/foo_topic', 1);
    await expect(sub.publish('dummy', 'dummy', { ack: true })).resolves.toBe('ack');
    // No SUBACK is visible from outside: probe until a message on the topic reaches the queue.
    for (let probe = 0; gateway!.status().queued === 0; probe++) {
      if (probe === 20) throw new Error('the subscription never routed a message');
      await publishLines(brokerPort, prefix + '/foo_topic', ['probe']);
      await waitFor('the probe', () => gateway!.status().queued > 0, 250).catch(() => undefined);
    }
    await expect(sub.publish('dummy', 'dummy', { ack: true })).resolves.toBe('ack');
    expect((await sub.receive(150)).every((m) => m.message === 'probe')).toBe(true);
    const dropsBefore = gateway!.status().queueDrops;
    await publishLines(brokerPort, prefix + '/foo_topic', ['m1', 'm2', 'm3', 'm4', 'm5']);
    await waitFor('5 messages queued or dropped', () => gateway!.status().queued === 3 && gateway!.status().queueDrops === dropsBefore + 2);
    await expect(sub.publish('dummy', 'dummy', { ack: true })).resolves.toBe('ack');
    const got = await sub.receive(200);
    expect(got.map((m) => m.message)).toEqual(['m3', 'm4', 'm5']);
  });

  it('refuses unsigned datagrams, reports them on the errors topic and forwards none', async () => {
    await start(brokerPort);
    const raw = createSocket('udp4');
    sockets.push(raw);
    await new Promise<void>((resolve) => raw.bind({ address: '127.0.0.1', port: 0 }, () => resolve()));
    raw.send('["' + prefix + '/light","-40",true,1]', gateway!.address.port, '127.0.0.1');
    await waitFor('the refusal', () => gateway!.status().refused.UNAUTHENTICATED === 1);
    expect(gateway!.status()).toMatchObject({ nodes: 0, forwarded: 0 });
    const report = await retainedJson(brokerPort, prefix + '/gw_errors', (r) => r.code === 'UNAUTHENTICATED');
    expect(report).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'unsigned', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });

  it('re-synchronises a node after the gateway restarts, and a restarted node after its own restart', async () => {
    await start(brokerPort);
    const sensor = node(2);
    await expect(sensor.publish(prefix + '/light', 'one', { ack: true })).resolves.toBe('ack');
    const firstEpoch = sensor.session()!.epoch;
    // The gateway restarts on the same port with a new epoch: the node's next publication
    // is stale, answered with a re-sync, and sent again under the new epoch.
    const port = gateway!.address.port;
    await gateway!.stop();
    const client = createClient({ url: 'mqtt://127.0.0.1:' + brokerPort, clientId: run + '-restart-' + serial });
    gateway = await startGateway({ client, udp: { host: '127.0.0.1', port }, epoch: firstEpoch + 1, config: { nodes: nodesConfig() } });
    await expect(sensor.publish(prefix + '/light', 'two', { ack: true })).resolves.toBe('ack');
    expect(sensor.session()!.epoch).toBe(firstEpoch + 1);
    // The node restarts without its session: a hello gives it the counter to go on from.
    const reborn = node(2);
    await expect(reborn.publish(prefix + '/light', 'three', { ack: true })).resolves.toBe('ack');
    expect(reborn.session()!.sent).toBeGreaterThan(1);
    expect(gateway!.status()).toMatchObject({ forwarded: 2, refused: {} });
  });

  it('counts malformed datagrams of open nodes, reports them on the errors topic and forwards none', async () => {
    await start(brokerPort, { open: true });
    const raw = createSocket('udp4');
    sockets.push(raw);
    await new Promise<void>((resolve) => raw.bind({ address: '127.0.0.1', port: 0 }, () => resolve()));
    const junk = ['ping', '["t"]', '["t",1,false,0]', '{"topic":"t"}', '["' + prefix + '/x","m",false,2]'];
    for (let i = 0; i < junk.length; i++) raw.send(junk[i], gateway!.address.port, '127.0.0.1');
    await waitFor('5 malformed datagrams', () => gateway!.status().malformed === 5);
    expect(gateway!.status()).toMatchObject({ nodes: 0, forwarded: 0 });
    const report = await retainedJson(brokerPort, prefix + '/gw_errors', (r) => r.reason === 'BAD_QOS');
    expect(report).toMatchObject({ code: 'MALFORMED_DATAGRAM', reason: 'BAD_QOS', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });

  it('answers gw_query with a status report', async () => {
    await start(brokerPort);
    await expect(node().publish(prefix + '/hello', 'hi', { ack: true })).resolves.toBe('ack');
    await publishLines(brokerPort, prefix + '/gw_query', ['status?']);
    const report = await retainedJson(brokerPort, prefix + '/gw_status', (r) => r.event === 'query');
    expect(report).toMatchObject({ event: 'query', connected: true, nodes: 1, forwarded: 1, malformed: 0 });
  });

  describe('through a broker outage', () => {
    let broker: MosquittoInstance | undefined;
    afterEach(async () => {
      if (broker) await broker.stop();
      broker = undefined;
    });

    it('answers OUT while the broker is down and forwards nothing', async () => {
      broker = await startMosquitto();
      await start(broker.port);
      const sensor = node();
      await expect(sensor.publish(prefix + '/light', 'before', { ack: true })).resolves.toBe('ack');
      await broker.stop();
      broker = undefined;
      await waitFor('the gateway to see the outage', () => !gateway!.status().connected);
      await expect(sensor.publish(prefix + '/light', 'during', { qos: 1, ack: true })).resolves.toBe('out');
      await expect(sensor.publish(prefix + '/light', 'during', { qos: 0 })).resolves.toBe('sent');
      await waitFor('the second OUT', () => gateway!.status().outs === 2);
      expect(gateway!.status()).toMatchObject({ connected: false, outs: 2, outages: 1, forwarded: 1 });
    });

    it('recovers when the broker returns on the same port: forwards again, one broker subscription per topic', async () => {
      broker = await startMosquitto();
      const port = broker.port;
      await start(port);
      const sensor = node();
      await sensor.subscribe(prefix + '/foo_topic', 1);
      await expect(sensor.publish(prefix + '/light', 'before', { ack: true })).resolves.toBe('ack');
      await broker.stop();
      broker = undefined;
      await waitFor('the gateway to see the outage', () => !gateway!.status().connected);
      await expect(sensor.publish(prefix + '/light', 'during', { qos: 1, ack: true })).resolves.toBe('out');
      // The broker comes back on the old port (a second listener of a fresh mosquitto).
      broker = await startMosquitto(['listener ' + port + ' 127.0.0.1']);
      const back = Date.now();
      await waitFor('the gateway to reconnect', () => gateway!.status().connected, 5000);
      expect(Date.now() - back).toBeLessThan(5000);
      // A node publication reaches a subscriber again (read back as the retained message of a fresh broker).
      await expect(sensor.publish(prefix + '/light', 'after', { qos: 1, retain: true, ack: true })).resolves.toBe('ack');
      await expect(retained(port, prefix + '/light')).resolves.toBe(prefix + '/light after');
      expect(gateway!.status()).toMatchObject({ connected: true, outages: 1, forwarded: 2, subscriptions: 1 });
      // The node's filter and pub_all were renewed on the new broker, each once: one message
      // on each reaches the node exactly once (a doubled subscription would queue it twice).
      const queuedBefore = gateway!.status().queued;
      for (let probe = 0; gateway!.status().queued === queuedBefore; probe++) {
        if (probe === 20) throw new Error('the renewed subscription never routed a message');
        await publishLines(port, prefix + '/foo_topic', ['probe']);
        await waitFor('the probe', () => gateway!.status().queued > queuedBefore, 250).catch(() => undefined);
      }
      await expect(sensor.publish('dummy', 'dummy', { ack: true })).resolves.toBe('ack');
      const probes = (await sensor.receive(200)).filter((m) => m.topic === prefix + '/foo_topic');
      expect(probes.length).toBeGreaterThan(0);
      await publishLines(port, prefix + '/foo_topic', ['once']);
      await publishLines(port, prefix + '/allnodes', ['all']);
      await waitFor('both messages queued', () => gateway!.status().queued >= 2);
      await new Promise((r) => setTimeout(r, 200)); // room for a duplicate to show up
      await expect(sensor.publish('dummy', 'dummy', { ack: true })).resolves.toBe('ack');
      const got = (await sensor.receive(200)).map((m) => m.topic.slice(prefix.length + 1) + ' ' + m.message);
      expect(got.filter((line) => line !== 'foo_topic probe')).toEqual(['foo_topic once', 'allnodes all']);
    }, 30000);
  });
});
