import { ChildProcess, fork } from 'node:child_process';
import { DeadlineError } from './deadline';
import { WORKER_ROLE_ENV, WorkerEnvelope, WorkerMessage, WorkerRequest } from './worker-protocol';

/** The orchestrator's end of one worker process. */
export interface WorkerHandle {
  readonly pid: number;
  /**
   * Sends `request` and resolves with the worker's answer; `onEvent` hears its events
   * (`ready`). Rejects with the worker's error, when the worker dies, or with a
   * {@link DeadlineError} after `ms` — and then kills the worker, which is unusable after.
   */
  request<T>(request: WorkerRequest, ms: number, what: string, onEvent?: (event: string) => void): Promise<T>;
  /** Whether the worker process is still there. */
  readonly alive: boolean;
  /** Kills this worker (by its own pid). */
  kill(): void;
  /** Asks this worker to exit (it ends on IPC disconnect, writing a `--cpu-prof` profile); resolves when it has, killing it after 5 s. */
  stop(): Promise<void>;
}

/**
 * Starts a worker: this same bench bundle (`process.argv[1]`) in a child process with
 * {@link WORKER_ROLE_ENV} set and the same node flags (so `node --cpu-prof` on the
 * bench profiles every worker too). Workers run one request at a time.
 *
 * @example
 * ```ts
 * const worker = startWorker();
 * const answer = await worker.request<PublishAnswer>(request, 30000, 'rxmqtt publish');
 * ```
 */
export function startWorker(): WorkerHandle {
  const env: { [key: string]: string | undefined } = {};
  Object.keys(process.env).forEach((key) => (env[key] = process.env[key]));
  env[WORKER_ROLE_ENV] = '1';
  const child: ChildProcess = fork(process.argv[1], [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  let alive = true;
  const pending: { [id: number]: { resolve(value: unknown): void; reject(error: Error): void; onEvent?: (event: string) => void } } = {};
  const failAll = (why: string): void => {
    Object.keys(pending).forEach((key) => {
      const entry = pending[Number(key)];
      delete pending[Number(key)];
      entry.reject(new Error(why));
    });
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('exit', (code, signal) => {
    alive = false;
    failAll('worker ' + child.pid + ' exited (' + (signal || code) + ')');
  });
  child.on('error', (error) => failAll('worker ' + child.pid + ': ' + error.message));
  child.on('message', (message: WorkerMessage) => {
    const entry = pending[message.id];
    if (!entry) return;
    if ('event' in message) {
      if (entry.onEvent) entry.onEvent(message.event);
      return;
    }
    delete pending[message.id];
    if ('answer' in message) entry.resolve(message.answer);
    else entry.reject(new Error(message.error));
  });
  const handle: WorkerHandle = {
    pid: child.pid || 0,
    get alive() {
      return alive;
    },
    request<T>(request: WorkerRequest, ms: number, what: string, onEvent?: (event: string) => void): Promise<T> {
      if (!alive) return Promise.reject(new Error('worker ' + child.pid + ' is gone'));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!pending[id]) return;
          delete pending[id];
          handle.kill();
          reject(new DeadlineError(what, ms));
        }, ms);
        pending[id] = {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
          onEvent,
        };
        const envelope: WorkerEnvelope = { id, request };
        child.send(envelope);
      });
    },
    kill() {
      if (alive) child.kill('SIGKILL');
      alive = false;
    },
    stop() {
      if (!alive) return Promise.resolve();
      alive = false;
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      if (child.connected) child.disconnect();
      return exited.then(() => clearTimeout(timer));
    },
  };
  return handle;
}
