import { spawn, ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = resolve(__dirname, '../../..');

/** What a finished child process left. */
export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, ms. */
  ms: number;
}

/** A running child process with its output so far. */
export interface RunningProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once some stdout line (or stderr, with `stream`) matches. */
  waitForOutput(pattern: RegExp, ms?: number, stream?: 'stdout' | 'stderr'): Promise<void>;
  /** Resolves when the process exits; it is killed after the `limitMs` it was started with. */
  exited: Promise<ProcessResult>;
}

/**
 * Bundles lib/cli/bin.ts with esbuild into `.tmp/` inside the repository (so `rxjs`,
 * `aedes` and `ws` resolve from its node_modules) and returns the file; starting this
 * bundle takes a fraction of what ts-node takes. `cleanup()` removes it.
 */
export function buildCliBundle(): { file: string; cleanup(): void } {
  const dir = join(ROOT, '.tmp', 'cli-' + process.pid + '-' + Date.now());
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'rxmqtt.js');
  buildSync({
    entryPoints: [join(ROOT, 'lib/cli/bin.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['rxjs', 'aedes', 'ws'],
    logLevel: 'error',
  });
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `command args` with piped stdio; kills it with SIGKILL after `limitMs` so no
 * spec can hang on it. `stdin` (if given) is written and closed.
 */
export function startProcess(command: string, args: string[], options: { stdin?: string; limitMs?: number } = {}): RunningProcess {
  const started = Date.now();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: ROOT });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    waiters.slice().forEach((check) => check());
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    waiters.slice().forEach((check) => check());
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  const killer = setTimeout(() => child.kill('SIGKILL'), options.limitMs !== undefined ? options.limitMs : 10000);
  const exited = new Promise<ProcessResult>((done) => {
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      // Let the pipes deliver what is left.
      setImmediate(() => done({ code, signal, stdout, stderr, ms: Date.now() - started }));
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForOutput(pattern, ms = 5000, stream = 'stdout') {
      return new Promise<void>((resolvePromise, reject) => {
        const check = (): void => {
          if (pattern.test(stream === 'stdout' ? stdout : stderr)) {
            waiters.splice(waiters.indexOf(check), 1);
            clearTimeout(timer);
            resolvePromise();
          }
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error('no ' + pattern + ' on ' + stream + ' within ' + ms + ' ms; stdout: ' + stdout + ' stderr: ' + stderr));
        }, ms);
        waiters.push(check);
        check();
      });
    },
  };
}

/** Runs a process to its end (bounded by `limitMs`). */
export function runProcess(command: string, args: string[], options: { stdin?: string; limitMs?: number } = {}): Promise<ProcessResult> {
  return startProcess(command, args, options).exited;
}
