/**
 * A micropower publish-only node (seed 004's `pubonly.py`) talking to an rxmqtt gateway
 * over UDP: it wakes, reads a (simulated) light sensor, publishes the reading with an
 * ACK request, retrying when the ACK does not come, and goes back to "deep sleep". Each
 * wake starts from nothing, as after a real deep sleep.
 *
 * Run a gateway and a subscriber, then the node:
 *
 *   rxmqtt gateway --broker mqtt://127.0.0.1:1883 --udp 127.0.0.1:8266
 *   mosquitto_sub -h 127.0.0.1 -t light
 *   npx ts-node examples/gateway-publish-node.ts [--gateway 127.0.0.1:8266] [--port 48266] [--wakes 3] [--sleep 5000]
 *
 * It prints one line per wake (`ack`, `out` during a broker outage, `no-ack` when the
 * gateway is silent) and exits after `--wakes` wakes.
 */
import { createNodeClient, nodeUdpSocket } from '../lib/gateway';


function option(name: string, fallback: string): string {
  const at = process.argv.indexOf('--' + name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const gateway = option('gateway', '127.0.0.1:8266');
/** The gateway knows a node by its address, so every wake binds the same local port. */
const port = Number(option('port', '48266'));
const wakes = Number(option('wakes', '3'));
const sleepMs = Number(option('sleep', '5000'));

/** Stands in for `adc.read_u16()`: a slowly varying light level. */
function readLight(): number {
  return Math.round(32768 + 30000 * Math.sin(Date.now() / 60000));
}

/** One wake: publish, then "deep sleep" (close everything). */
function wake(n: number): Promise<void> {
  const socket = nodeUdpSocket({ gateway, bind: { port } });
  const node = createNodeClient({ socket, ackTimeout: 500, retries: 3 });
  const reading = String(readLight());
  return node.publish('light', reading, { qos: 1, ack: true }).then((status) => {
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
