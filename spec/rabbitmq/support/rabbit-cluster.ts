import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../integration/support/mosquitto';

const SCRIPT = join(__dirname, 'rabbit-cluster.sh');

function run(args: string[], ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [SCRIPT, ...args], { timeout: ms }, (error, stdout, stderr) =>
      error ? reject(new Error('rabbit-cluster.sh ' + args.slice(1).join(' ') + ' failed: ' + (stderr || stdout || error.message))) : resolve(),
    );
  });
}

/** A three-node RabbitMQ cluster on loopback (see rabbit-cluster.sh). */
export interface RabbitCluster {
  /** `mqtt://127.0.0.1:<port>` of node 1, 2, 3 (index 0, 1, 2). */
  urls: string[];
  /** Stops node `i` (0-based) gracefully; resolves when it is down. */
  stop(i: number): Promise<void>;
  /** Starts node `i` again; resolves when its MQTT listener accepts connections. */
  start(i: number): Promise<void>;
  /** Kills every node and removes their directories. */
  dispose(): Promise<void>;
}

/**
 * Starts three RabbitMQ nodes with the MQTT plugin on free loopback ports and joins
 * nodes 2 and 3 to node 1. Takes about a minute on a busy machine.
 */
export async function startRabbitCluster(): Promise<RabbitCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-rabbit-'));
  const ports: number[][] = [];
  for (let i = 0; i < 3; i++) ports.push([await freePort(), await freePort(), await freePort()]);
  const startNode = (i: number): Promise<void> => run([dir, 'start', String(i + 1), ...ports[i].map(String)], 180000);
  const cluster: RabbitCluster = {
    urls: ports.map((p) => 'mqtt://127.0.0.1:' + p[0]),
    stop: (i) => run([dir, 'stop', String(i + 1)], 120000),
    start: startNode,
    dispose: () => run([dir, 'kill'], 30000),
  };
  try {
    await Promise.all([0, 1, 2].map(startNode));
    await Promise.all([run([dir, 'join', '2', '1'], 180000), run([dir, 'join', '3', '1'], 180000)]);
  } catch (error) {
    await cluster.dispose();
    throw error;
  }
  return cluster;
}
