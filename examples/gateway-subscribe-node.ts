/**
 * A micropower subscribe-only node (seed 004's `subonly.py`) talking to an rxmqtt
 * gateway over UDP, as keyed node `led`. A node is deaf while it sleeps, so on each wake
 * it subscribes to `nodes/led/colour`, sends a dummy publication to provoke the gateway into sending what it
 * queued, reads the pending messages until 200 ms pass without one, "shows" the colour of
 * the last (`red`, `green` or `blue`), and sleeps again.
 *
 * Run a gateway, then the node, then publish colours:
 *
 *   rxmqtt gateway --broker mqtt://127.0.0.1:1883 --udp 127.0.0.1:8266 --config examples/gateway-nodes.json
 *   npx ts-node examples/gateway-subscribe-node.ts [--gateway 127.0.0.1:8266] [--wakes 5] [--sleep 3000]
 *   mosquitto_pub -h 127.0.0.1 -t allnodes -m red -q 1
 *   mosquitto_pub -h 127.0.0.1 -t nodes/led/colour -m blue -q 1
 *
 * Messages published while the node sleeps arrive on its next wake (at most the
 * gateway's `qlen`, oldest dropped). It exits after `--wakes` wakes.
 *
 * Each wake starts from nothing (no session kept), so it says hello first: the gateway's
 * signed answer tells it where its counters stand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeClient, nodeUdpSocket } from '../lib/gateway';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf('--' + name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const gateway = option('gateway', '127.0.0.1:8266');
/** This node's key, as the gateway's config has it. */
const key: string = JSON.parse(readFileSync(join(__dirname, 'gateway-nodes.json'), 'utf8')).nodes.led.key;
const wakes = Number(option('wakes', '5'));
const sleepMs = Number(option('sleep', '3000'));
const colours: { [name: string]: string } = { red: '\u001b[41m  \u001b[0m', green: '\u001b[42m  \u001b[0m', blue: '\u001b[44m  \u001b[0m' };

function wake(n: number): Promise<void> {
  const socket = nodeUdpSocket({ gateway });
  const node = createNodeClient({ socket, nodeId: 'led', key });
  return node
    .subscribe('nodes/led/colour', 1)
    .then(() => node.publish('nodes/led/awake', 'dummy'))
    .then(() => node.receive(200))
    .then((messages) => {
      const last = messages[messages.length - 1];
      const led = last && colours[last.message] ? colours[last.message] + ' ' + last.message : '(no colour)';
      console.log('wake ' + n + ': ' + messages.length + ' pending message(s); LED ' + led);
      socket.close();
    });
}

function loop(n: number): void {
  wake(n).then(() => {
    if (n < wakes) setTimeout(() => loop(n + 1), sleepMs);
  });
}

loop(1);
