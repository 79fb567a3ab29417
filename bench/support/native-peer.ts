import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PeerEvent } from './bench-peer';
import { withDeadline } from './deadline';

/** The C source of the native peer, from the repository root (where `npm run bench` and jest run). */
export const NATIVE_PEER_SOURCE = path.join('bench', 'support', 'native-peer.c');

/** A compiled native peer, or why there is none. */
export type NativePeerBuild = { binary: string; remove(): void } | { binary: null; reason: string };

/**
 * Compiles the native peer (`native-peer.c`, the same protocol as `bench-peer.ts`) with
 * the system's C compiler (`$CC`, else `cc`) into a temporary directory. Resolves to the
 * binary, or to the reason there is none (no compiler, not Linux, the compile failed):
 * the bench then falls back to the Node peer.
 *
 * @example
 * ```ts
 * const build = compileNativePeer();
 * if (build.binary !== null) { const peer = await startNativePeer(build.binary, notify); build.remove(); }
 * ```
 */
export function compileNativePeer(root: string = process.cwd()): NativePeerBuild {
  if (process.platform !== 'linux') return { binary: null, reason: 'not Linux (the native peer uses epoll)' };
  const source = path.join(root, NATIVE_PEER_SOURCE);
  if (!existsSync(source)) return { binary: null, reason: source + ' not found' };
  const dir = mkdtempSync(path.join(tmpdir(), 'rxmqtt-peer-'));
  const binary = path.join(dir, 'native-peer');
  const compiler = process.env.CC || 'cc';
  const run = spawnSync(compiler, ['-O2', '-o', binary, source], { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const why = run.error ? run.error.message : (run.stderr || '').split('\n')[0];
    return { binary: null, reason: compiler + ' failed: ' + why };
  }
  return { binary, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The native peer process, started by {@link startNativePeer}. */
export interface NativePeer {
  readonly pid: number;
  readonly port: number;
  /** Ends the process (it exits when its stdin closes; killed after 3 s). */
  stop(): Promise<void>;
}

/**
 * Starts the compiled native peer and resolves once it listens on 127.0.0.1; each of its
 * event lines (`source-start <tag> <ms>`, `sink-done <tag> <ms>`) goes to `notify` as a
 * {@link PeerEvent}. Rejects when it exits or does not listen within 10 s.
 *
 * @example
 * ```ts
 * const peer = await startNativePeer(binary, (e) => console.log(e.event, e.tag, e.t));
 * await peer.stop();
 * ```
 */
export function startNativePeer(binary: string, notify: (event: PeerEvent) => void): Promise<NativePeer> {
  const child: ChildProcess = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let rest = '';
  const listening = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error('the native bench peer exited (' + code + ')')));
    (child.stdout as NodeJS.ReadableStream).setEncoding('utf8');
    (child.stdout as NodeJS.ReadableStream).on('data', (text: string) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop() as string;
      lines.forEach((line) => {
        const [event, tag, t] = line.split(' ');
        if (event === 'port') resolve(Number(tag));
        else if (event === 'source-start' || event === 'sink-done') notify({ event, tag, t: Number(t) });
      });
    });
  });
  return withDeadline(listening, 10000, 'native bench peer listens', () => child.kill('SIGKILL')).then((port) => ({
    pid: child.pid || 0,
    port,
    stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      (child.stdin as NodeJS.WritableStream).end();
      return exited.then(() => clearTimeout(timer));
    },
  }));
}
