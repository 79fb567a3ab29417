import { ChildProcess, fork } from 'node:child_process';
import { PeerEvent, startBenchPeer } from './bench-peer';
import { withDeadline } from './deadline';
import { compileNativePeer, startNativePeer } from './native-peer';
import { WORKER_ROLE_ENV } from './worker-protocol';

/** The value of {@link WORKER_ROLE_ENV} that makes the bench bundle run the client-bound peer. */
export const PEER_ROLE = 'peer';

/** The orchestrator's end of the peer process. */
export interface PeerHandle {
  /** `native` (compiled C) or `node` (`bench-peer.ts` in a process of its own). */
  readonly kind: 'native' | 'node';
  /** Why the Node peer runs although the native one was wanted, or null. */
  readonly fallback: string | null;
  readonly pid: number;
  readonly port: number;
  /** Resolves with the {@link wallClock} time of the peer's `event` for `tag` (it may have happened already). */
  when(event: PeerEvent['event'], tag: string): Promise<number>;
  /** Ends the peer process. */
  stop(): Promise<void>;
}

/** Remembers peer events by tag, for {@link PeerHandle.when} (which may ask after the event). */
function peerEvents(): { notify(event: PeerEvent): void; when(event: PeerEvent['event'], tag: string): Promise<number> } {
  const seen: { [key: string]: number } = {};
  const waiting: { [key: string]: (t: number) => void } = {};
  return {
    notify(message) {
      const key = message.event + ' ' + message.tag;
      seen[key] = message.t;
      if (waiting[key]) waiting[key](message.t);
    },
    when(event, tag) {
      const key = event + ' ' + tag;
      if (seen[key] !== undefined) return Promise.resolve(seen[key]);
      return new Promise<number>((resolve) => (waiting[key] = resolve));
    },
  };
}

/**
 * Starts the client-bound peer: the native one (`native-peer.c`, compiled now with the
 * system's C compiler), which costs a run far less than the Node one, unless `kind` is
 * `node` or no compiler works (then `fallback` says why); else {@link startPeerProcess}.
 *
 * @example
 * ```ts
 * const peer = await startPeer('native');
 * console.log(peer.kind, peer.fallback); // 'native' null
 * ```
 */
export async function startPeer(kind: 'native' | 'node'): Promise<PeerHandle> {
  if (kind === 'node') return startPeerProcess(null);
  const build = compileNativePeer();
  if (build.binary === null) return startPeerProcess(build.reason);
  const events = peerEvents();
  try {
    const peer = await startNativePeer(build.binary, events.notify);
    return {
      kind: 'native',
      fallback: null,
      pid: peer.pid,
      port: peer.port,
      when: events.when,
      stop: () => peer.stop().then(build.remove),
    };
  } catch (error) {
    build.remove();
    throw error;
  }
}

/**
 * Starts the client-bound peer ({@link startBenchPeer}) in a process of its own (this
 * bench bundle with {@link WORKER_ROLE_ENV} `peer`), so its CPU time can be read apart
 * from the contenders' and the orchestrator's; resolves once it listens.
 *
 * @example
 * ```ts
 * const peer = await startPeerProcess();
 * const t = await peer.when('sink-done', tag);
 * await peer.stop();
 * ```
 */
export function startPeerProcess(fallback: string | null = null): Promise<PeerHandle> {
  const env: { [key: string]: string | undefined } = {};
  Object.keys(process.env).forEach((key) => (env[key] = process.env[key]));
  env[WORKER_ROLE_ENV] = PEER_ROLE;
  const child: ChildProcess = fork(process.argv[1], [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const events = peerEvents();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error('the bench peer exited (' + code + ')')));
    child.on('message', (message: PeerEvent | { port: number }) => {
      if ('port' in message) resolve(message.port);
      else events.notify(message);
    });
  });
  return withDeadline(listening, 10000, 'bench peer listens', () => child.kill('SIGKILL')).then((port) => ({
    kind: 'node' as const,
    fallback,
    pid: child.pid || 0,
    port,
    when: events.when,
    stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      if (child.connected) child.disconnect();
      return exited.then(() => clearTimeout(timer));
    },
  }));
}

/** The peer process's side: listens, tells the orchestrator its port and events, exits when the orchestrator disconnects. */
export function runPeer(): void {
  const send = (message: PeerEvent | { port: number }): void => {
    if (process.send) process.send(message);
  };
  process.on('disconnect', () => process.exit(0));
  startBenchPeer(send).then(
    ({ port }) => send({ port }),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
