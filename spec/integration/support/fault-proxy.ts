import { createConnection, createServer, Server, Socket } from 'node:net';
import { freePort } from './mosquitto';

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Where to forward to (the broker's port). */
  targetPort: number;
  /** Default 127.0.0.1. */
  targetHost?: string;
  /** Port to listen on (default: a free one). */
  port?: number;
}

/** A TCP proxy on 127.0.0.1 that breaks the links through it on command. */
export interface FaultProxy {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** Links (client ↔ target socket pairs) alive now. */
  readonly connections: number;
  /** Client connections accepted since the start. */
  readonly accepted: number;
  /** Destroys every live link, both sides, with a TCP reset: both peers see the connection drop (ECONNRESET). */
  cutAll(): void;
  /**
   * Holds traffic both ways on every link, new ones included, for `ms`; bytes wait in
   * the kernel buffers and flow again afterwards. Resolves when the stall ends.
   * Overlapping stalls hold traffic until the last one ends.
   */
  stall(ms: number): Promise<void>;
  /**
   * `true`: stop listening, so new connections are refused (ECONNREFUSED) while live
   * links go on; `false`: listen again on the same port.
   */
  refuseNew(on: boolean): Promise<void>;
  /** Cuts every link and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a fault-injecting TCP proxy on 127.0.0.1 forwarding to `targetHost:targetPort`,
 * for resilience tests: cut every connection, stall traffic, refuse new connections.
 * Each accepted client gets its own connection to the target; a side that ends is
 * half-closed on to the other (in-flight bytes are flushed first), a side that fails
 * destroys the other.
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy({ targetPort: Number(process.env.MQTT_TEST_PORT) });
 * // connect a client to proxy.port, then:
 * proxy.cutAll();
 * await proxy.close();
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const targetHost = options.targetHost || '127.0.0.1';
  const port = options.port || (await freePort());
  const links: Link[] = [];
  let accepted = 0;
  let stalls = 0;
  let server: Server | undefined;
  const pendingStalls: Array<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }> = [];

  const forget = (link: Link): void => {
    const index = links.indexOf(link);
    if (index >= 0) links.splice(index, 1);
  };
  const flow = (paused: boolean): void => {
    for (let i = 0; i < links.length; i++) {
      for (let j = 0; j < 2; j++) {
        if (paused) links[i][j].pause();
        else links[i][j].resume();
      }
    }
  };

  const pipe = (link: Link, from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (to.write(chunk)) return;
      from.pause();
      to.once('drain', () => {
        if (stalls === 0) from.resume();
      });
    });
    from.on('error', () => undefined); // 'close' (hadError) follows and handles it
    from.on('close', (hadError: boolean) => {
      if (hadError) to.destroy();
      else if (!to.destroyed) {
        // Half-close: flush what is in flight, then FIN; do not wait forever for the peer.
        to.end();
        const timer = setTimeout(() => to.destroy(), 2000);
        timer.unref();
        to.once('close', () => clearTimeout(timer));
      }
      if (link[0].destroyed && link[1].destroyed) forget(link);
    });
  };

  const onConnection = (client: Socket): void => {
    accepted++;
    const upstream = createConnection({ host: targetHost, port: options.targetPort });
    const link: Link = [client, upstream];
    links.push(link);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    pipe(link, client, upstream);
    pipe(link, upstream, client);
    if (stalls > 0) {
      client.pause();
      upstream.pause();
    }
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const next = createServer(onConnection);
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        next.removeListener('error', reject);
        server = next;
        resolve();
      });
    });

  // close() stops accepting at once; its callback would wait for the live links.
  const unlisten = (): void => {
    if (server) server.close();
    server = undefined;
  };

  const cutAll = (): void => {
    const all = links.splice(0, links.length);
    for (let i = 0; i < all.length; i++) {
      for (let j = 0; j < 2; j++) {
        const socket = all[i][j];
        if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed && !socket.connecting) socket.resetAndDestroy();
        else socket.destroy();
      }
    }
  };

  await listen();
  return {
    port,
    get connections() {
      return links.length;
    },
    get accepted() {
      return accepted;
    },
    cutAll,
    stall(ms: number): Promise<void> {
      stalls++;
      flow(true);
      return new Promise((resolve) => {
        const entry = {
          resolve,
          timer: setTimeout(() => {
            pendingStalls.splice(pendingStalls.indexOf(entry), 1);
            stalls--;
            if (stalls === 0) flow(false);
            resolve();
          }, ms),
        };
        pendingStalls.push(entry);
      });
    },
    refuseNew(on: boolean): Promise<void> {
      if (!on) return server ? Promise.resolve() : listen();
      unlisten();
      return Promise.resolve();
    },
    async close(): Promise<void> {
      const stalled = pendingStalls.splice(0, pendingStalls.length);
      stalls = 0;
      for (let i = 0; i < stalled.length; i++) {
        clearTimeout(stalled[i].timer);
        stalled[i].resolve();
      }
      cutAll();
      unlisten();
    },
  };
}

/** A client socket and its connection to the target. */
type Link = [Socket, Socket];
