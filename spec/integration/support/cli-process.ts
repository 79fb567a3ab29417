import { spawn, ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { bundleForNode } from './node-bundle';

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

/** lib/cli/bin.ts bundled for Node (see {@link bundleForNode}): the `rxmqtt` command for child processes. */
export function buildCliBundle(): { file: string; cleanup(): void } {
  const bundle = bundleForNode('cli', { rxmqtt: 'lib/cli/bin.ts' });
  return { file: bundle.file('rxmqtt'), cleanup: bundle.cleanup };
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
