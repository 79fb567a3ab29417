import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private mosquitto started for the tests. */
export interface MosquittoInstance {
  /** Plain MQTT listener on 127.0.0.1. */
  port: number;
  /** The broker's working directory (config, logs). */
  dir: string;
  process: ChildProcess;
  /** Stops the broker and removes its directory. */
  stop(): Promise<void>;
}

/** Resolves a port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port, or rejects after `ms`. */
export function waitForPort(port: number, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error('nothing listens on 127.0.0.1:' + port));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Where Debian installs the broker; PATH may lack /usr/sbin. */
export function mosquittoBinary(): string {
  return process.env.MOSQUITTO_BIN || '/usr/sbin/mosquitto';
}

/**
 * Starts mosquitto on a free 127.0.0.1 port with its own config. `extraConfig`
 * lines are appended (more listeners, password files, ...). Files are made
 * world-readable: mosquitto started as root drops to its own user. `tuned` false
 * leaves mosquitto's defaults alone (its QoS 0 queue limit included): a broker as
 * people run it.
 */
export async function startMosquitto(extraConfig: string[] = [], tuned = true): Promise<MosquittoInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-mosquitto-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const config = [
    'per_listener_settings false',
    'allow_anonymous true',
    // never drop QoS 0 for a subscriber that falls behind: specs count every message
    ...(tuned ? ['max_queued_messages 0'] : []),
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'listener ' + port + ' 127.0.0.1',
    ...extraConfig,
  ].join('\n') + '\n';
  const configPath = join(dir, 'mosquitto.conf');
  writeFileSync(configPath, config);
  chmodSync(configPath, 0o644);
  const child = spawn(mosquittoBinary(), ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([
      waitForPort(port),
      exited.then(() => {
        throw new Error('mosquitto exited at start: ' + log);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    port,
    dir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
