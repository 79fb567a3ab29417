/**
 * A micropower publish-only node (seed 004's `pubonly.py`) talking to an rxmqtt gateway
 * over UDP: it wakes, reads a (simulated) light sensor, publishes the reading with an
 * ACK request, retrying when the ACK does not come, and goes back to "deep sleep". Each
 * wake starts from nothing but the session it kept (as in RTC memory over a real deep
 * sleep), so it skips the hello; every datagram is signed with its key.
 *
 * Run a gateway with the example keys (examples/gateway-nodes.json: never use them for
 * real; make yours with `openssl rand -hex 32`), a subscriber, then the node:
 *
 *   rxmqtt gateway --broker mqtt://127.0.0.1:1883 --udp 127.0.0.1:8266 --config examples/gateway-nodes.json
 *   mosquitto_sub -h 127.0.0.1 -t 'nodes/light/#' -v
 *   npx ts-node examples/gateway-publish-node.ts [--gateway 127.0.0.1:8266] [--wakes 3] [--sleep 5000]
 *
 * It prints one line per wake (`ack`, `out` during a broker outage, `refused` outside its
 * reach, `no-ack` when the gateway is silent) and exits after `--wakes` wakes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeClient, nodeUdpSocket, NodeSession } from '../lib/gateway';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf('--' + name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const gateway = option('gateway', '127.0.0.1:8266');
/** This node's key, as the gateway's config has it. */
const key: string = JSON.parse(readFileSync(join(__dirname, 'gateway-nodes.json'), 'utf8')).nodes.light.key;
/** What survives the deep sleep (RTC memory on a board): the session with the gateway. */
let session: NodeSession | undefined;
const wakes = Number(option('wakes', '3'));
const sleepMs = Number(option('sleep', '5000'));

/** Stands in for `adc.read_u16()`: a slowly varying light level. */
function readLight(): number {
  return Math.round(32768 + 30000 * Math.sin(Date.now() / 60000));
}

/** One wake: publish, then "deep sleep" (close everything). */
function wake(n: number): Promise<void> {
  const socket = nodeUdpSocket({ gateway });
  const node = createNodeClient({ socket, nodeId: 'light', key, session, ackTimeout: 500, retries: 3 });
  const reading = String(readLight());
  return node.publish('nodes/light/level', reading, { qos: 1, ack: true }).then((status) => {
    session = node.session() || undefined;
    console.log('wake ' + n + ': light=' + reading + ' -> ' + status);
    socket.close();
  });
}

function loop(n: number): void {
  wake(n).then(() => {
    if (n < wakes) setTimeout(() => loop(n + 1), sleepMs);
  });
}

loop(1);
