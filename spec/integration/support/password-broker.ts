import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MosquittoInstance, startMosquitto } from './mosquitto';

/**
 * Starts a private mosquitto on a free 127.0.0.1 port that refuses anonymous clients
 * and knows only `users` (name → password), hashed into a password file by
 * `mosquitto_passwd` (from the mosquitto package). A wrong password gets CONNACK 5
 * (mosquitto 2) or 4. `stop()` also removes the password file.
 *
 * @example
 * ```ts
 * const broker = await startPasswordBroker({ alice: 'secret' });
 * try { ... } finally { await broker.stop(); }
 * ```
 */
export async function startPasswordBroker(users: { [name: string]: string }): Promise<MosquittoInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-passwd-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'passwd');
  const names = Object.keys(users);
  if (names.length === 0) throw new TypeError('give at least one user');
  for (let i = 0; i < names.length; i++) {
    const args = i === 0 ? ['-c', '-b', file, names[i], users[names[i]]] : ['-b', file, names[i], users[names[i]]];
    execFileSync(passwdBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10000 });
  }
  chmodSync(file, 0o644);
  let broker: MosquittoInstance;
  try {
    broker = await startMosquitto(['allow_anonymous false', 'password_file ' + file]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const stop = broker.stop;
  broker.stop = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return broker;
}

function passwdBinary(): string {
  return process.env.MOSQUITTO_PASSWD_BIN || 'mosquitto_passwd';
}
