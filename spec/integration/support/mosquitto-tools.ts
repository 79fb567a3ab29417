import { spawn, ChildProcess } from 'node:child_process';
import { until } from '../../support/until';

/** How a child process ended and what it printed. */
export interface ToolResult {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `mosquitto_pub` / `mosquitto_sub`, killed when its time is up. */
export interface RunningTool {
  /** What it printed to stdout so far. */
  readonly stdout: string;
  /** Resolves once stdout matches `pattern`; rejects after `ms` or when the process exits first. */
  waitForOutput(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves when the process exits (after `timeoutMs` at the latest: it is then killed). */
  readonly exited: Promise<ToolResult>;
  /** Kills it (SIGKILL) if it still runs. */
  stop(): void;
}

/**
 * Child processes of one spec file, each bounded by a timeout and all killed by
 * {@link MosquittoTools.stopAll} (call it in `afterEach`). The tools talk to
 * 127.0.0.1 only; pass the port in `args` (`-h 127.0.0.1 -p PORT`).
 *
 * @example
 * ```ts
 * const tools = new MosquittoTools();
 * const sub = tools.start('mosquitto_sub', ['-h', '127.0.0.1', '-p', port, '-t', 't', '-C', '1', '-d']);
 * await sub.waitForOutput(/received SUBACK/);
 * ```
 */
export class MosquittoTools {
  private readonly running: ChildProcess[] = [];

  /** Starts `command` with `args`; `input` is written to its stdin, which is then closed. */
  start(command: 'mosquitto_pub' | 'mosquitto_sub', args: string[], options: { timeoutMs?: number; input?: Uint8Array } = {}): RunningTool {
    // line-buffered stdout: mosquitto_sub's -d lines (SUBACK) must arrive while it runs
    const child = spawn('stdbuf', ['-oL', command].concat(args), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.running.push(child);
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => (out.stdout += text));
    child.stderr.on('data', (text: string) => (out.stderr += text));
    child.stdin.on('error', () => undefined);
    if (options.input) child.stdin.write(options.input);
    child.stdin.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs || 5000);
    const exited = new Promise<ToolResult>((resolve) => {
      child.once('error', (error) => {
        out.stderr += String(error);
      });
      child.once('close', (code, signal) => {
        clearTimeout(killer);
        resolve({ code, signal, stdout: out.stdout, stderr: out.stderr });
      });
    });
    let done = false;
    void exited.then(() => (done = true));
    return {
      get stdout() {
        return out.stdout;
      },
      exited,
      waitForOutput(pattern: RegExp, ms = 3000): Promise<string> {
        return until(
          () => done || pattern.test(out.stdout),
          ms,
          () => command + ' printed no ' + pattern + ' within ' + ms + ' ms: ' + out.stdout + out.stderr,
        ).then(() => {
          const match = pattern.exec(out.stdout);
          if (!match) throw new Error(command + ' exited without printing ' + pattern + ': ' + out.stdout + out.stderr);
          return match[0];
        });
      },
      stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  }

  /** Runs `command` to its end (killed after `timeoutMs`, default 5 s). */
  run(command: 'mosquitto_pub' | 'mosquitto_sub', args: string[], options: { timeoutMs?: number; input?: Uint8Array } = {}): Promise<ToolResult> {
    return this.start(command, args, options).exited;
  }

  /** Kills every process still running and waits for them to go. */
  async stopAll(): Promise<void> {
    const children = this.running.splice(0, this.running.length);
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('close', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  }
}
