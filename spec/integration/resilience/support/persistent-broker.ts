import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, mosquittoBinary, waitForPort } from '../../support/mosquitto';

/** A mosquitto with persistence that can be killed, frozen and started again on the same port. */
export interface PersistentBroker {
  readonly port: number;
  /** Resolves once the database file was written after `since` (ms since the epoch); rejects after `ms`. */
  savedAfter(since: number, ms?: number): Promise<void>;
  /** Starts the broker (again), on the same port with the same database. */
  start(): Promise<void>;
  /** SIGSTOP: the broker stops answering, its connections stay open. */
  freeze(): void;
  /** Kills it at once (SIGKILL: no final save; what `autosave_interval 1` saved survives). */
  kill(): Promise<void>;
  /** Stops it (if running) and removes its directory. */
  dispose(): Promise<void>;
}

/**
 * Starts a private mosquitto on a free 127.0.0.1 port with `persistence true`, its
 * database in its own directory and saved every second (`autosave_interval 1`), so a
 * killed broker comes back with the sessions it had a second before.
 */
export async function startPersistentBroker(): Promise<PersistentBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-persistent-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const configPath = join(dir, 'mosquitto.conf');
  writeFileSync(
    configPath,
    [
      'per_listener_settings false',
      'allow_anonymous true',
      'log_dest stderr',
      'log_type error',
      'listener ' + port + ' 127.0.0.1',
      'persistence true',
      'persistence_location ' + dir + '/',
      'autosave_interval 1',
    ].join('\n') + '\n',
  );
  chmodSync(configPath, 0o644);
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const running = (): boolean => child !== null && child.exitCode === null && child.signalCode === null;
  const dbPath = join(dir, 'mosquitto.db');
  const broker: PersistentBroker = {
    port,
    async savedAfter(since: number, ms = 10000) {
      const deadline = Date.now() + ms;
      for (;;) {
        let mtime = 0;
        try {
          mtime = statSync(dbPath).mtimeMs;
        } catch (e) {
          // not written yet
        }
        if (mtime > since) return;
        if (Date.now() > deadline) throw new Error('mosquitto did not save its database within ' + ms + ' ms');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async start() {
      const next = spawn(mosquittoBinary(), ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
      let log = '';
      next.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child = next;
      exited = new Promise<void>((resolve) => next.once('exit', () => resolve()));
      await Promise.race([
        waitForPort(port),
        exited.then(() => {
          throw new Error('mosquitto exited at start: ' + log);
        }),
      ]);
    },
    freeze() {
      if (running()) (child as ChildProcess).kill('SIGSTOP');
    },
    async kill() {
      if (running()) {
        (child as ChildProcess).kill('SIGKILL');
        await exited;
      }
    },
    async dispose() {
      await broker.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}
