import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { firstValueFrom, filter } from 'rxjs';
import { nodeUdpSocket } from '../../adapters/udp-node-socket';
import { registerNodeSchemes } from '../../adapters/node-schemes';
import { createClient } from '../../lib/client/create-client';
import type { GatewayConfig } from '../../lib/gateway/gateway-config';
import { createNodeClient, NodeSession, PublishStatus } from '../../lib/gateway/node-client';
import { GatewayHandle, startGateway } from '../../lib/gateway/start-gateway';

/**
 * A bounded soak over loopback UDP and the real mosquitto: 1,000 keyed nodes wake (a new
 * socket, on a new port), publish with ACK (qos | 4), and sleep (socket closed), five
 * times each, at most 100 awake at once; half keep their session over the sleep, half say
 * hello again at every wake. Every publication must reach the broker (a subscriber counts
 * them) and be ACKed; the gateway's memory after the last round is no higher than after
 * the first (measured after a forced GC).
 */
registerNodeSchemes();
setFlagsFromString('--expose_gc');
const gc: () => void = runInNewContext('gc');

const NODES = 1000;
const WAKES = 5;
const AWAKE = 100;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1048576;
}

describe('gateway soak: 1,000 keyed nodes publishing and sleeping over UDP', () => {
  const port = Number(process.env.MQTT_TEST_PORT);
  const prefix = 'gwsoak' + process.pid;
  let gateway: GatewayHandle | undefined;
  afterAll(async () => {
    if (gateway) await gateway.stop();
  });

  it('loses no qos|4 publication and keeps memory flat', async () => {
    const started = Date.now();
    const keys: string[] = [];
    const nodes: GatewayConfig['nodes'] = {};
    for (let i = 0; i < NODES; i++) {
      keys.push((i.toString(16).padStart(4, '0') + 'ab').repeat(32).slice(0, 64));
      nodes['n' + i] = { key: keys[i], publish: [prefix + '/n' + i + '/#'] };
    }
    const client = createClient({ url: 'mqtt://127.0.0.1:' + port, clientId: prefix + '-gw' });
    gateway = await startGateway({ client, udp: { host: '127.0.0.1', port: 0 }, config: { nodes, max_nodes: NODES, max_pending: 1000 } });
    const where = '127.0.0.1:' + gateway.address.port;

    const seen = new Set<string>();
    const watcher = createClient({ url: 'mqtt://127.0.0.1:' + port, clientId: prefix + '-watch' });
    await firstValueFrom(watcher.connect());
    const watching = watcher.topic(prefix + '/#', { qos: 1 }).subscribe((m) => seen.add(m.topic + ' ' + new TextDecoder().decode(m.payload)));
    await new Promise((r) => setTimeout(r, 300)); // the SUBSCRIBE before the first publication

    const sessions: Array<NodeSession | undefined> = [];
    const statuses: { [status: string]: number } = {};
    /** One wake of node i: a new socket, one publication with ACK, then sleep (socket closed). */
    async function wake(i: number, round: number): Promise<void> {
      const socket = nodeUdpSocket({ gateway: where, bind: { host: '127.0.0.1' } });
      const keep = i % 2 === 0;
      const node = createNodeClient({ socket, nodeId: 'n' + i, key: keys[i], ackTimeout: 1000, retries: 5, session: keep ? sessions[i] : undefined });
      const status: PublishStatus = await node.publish(prefix + '/n' + i + '/temp', 'r' + round, { qos: 1, ack: true });
      statuses[status] = (statuses[status] || 0) + 1;
      sessions[i] = node.session() || undefined;
      socket.close();
    }
    async function round(r: number): Promise<void> {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < NODES) await wake(next++, r);
      };
      const workers: Array<Promise<void>> = [];
      for (let w = 0; w < AWAKE; w++) workers.push(worker());
      await Promise.all(workers);
    }

    const heaps: number[] = [];
    for (let r = 1; r <= WAKES; r++) {
      await round(r);
      heaps.push(heapMb());
    }
    const lost: string[] = [];
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && seen.size < NODES * WAKES) await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < NODES; i++) for (let r = 1; r <= WAKES; r++) if (!seen.has(prefix + '/n' + i + '/temp r' + r)) lost.push('n' + i + ' r' + r);
    watching.unsubscribe();
    await firstValueFrom(watcher.disconnect(), { defaultValue: undefined });
    const status = gateway.status();
    // One line for the record: what this run measured.
    console.log(
      'gateway soak: ' + NODES * WAKES + ' publications from ' + NODES + ' keyed nodes in ' + (Date.now() - started) + ' ms; statuses ' +
        JSON.stringify(statuses) + '; heap after each round (MB) ' + heaps.map((h) => h.toFixed(1)).join(', ') + '; refused ' + JSON.stringify(status.refused),
    );
    expect(lost).toEqual([]);
    expect(statuses).toEqual({ ack: NODES * WAKES });
    expect(status).toMatchObject({ nodes: NODES, queued: 0 });
    expect(heaps[WAKES - 1] - heaps[0]).toBeLessThan(5);
  }, 90000);
});
