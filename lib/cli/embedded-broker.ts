import { createServer, Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Options of {@link startEmbeddedBroker}. */
export interface EmbeddedBrokerOptions {
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on (default `'127.0.0.1'`, loopback only). */
  host?: string;
  /** Called with one line per client event (connect, subscribe, disconnect), for `rxmqtt broker -v`. */
  onEvent?: (line: string) => void;
}

/**
 * The `aedes` package, which only the embedded broker uses: an optional dependency of
 * rxmqtt, so installing the library does not pull a broker. Throws an `Error` with code
 * `'AEDES_MISSING'` and the command that installs it when it is absent.
 */
export function loadAedes(): typeof import('aedes') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, not at import time
    return require('aedes') as typeof import('aedes');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const missing = new Error('the embedded broker needs the optional package aedes: run `npm install aedes` (Node 20.19 or later)');
    (missing as Error & { code: string }).code = 'AEDES_MISSING';
    throw missing;
  }
}

/** A running in-process aedes broker. */
export interface EmbeddedBroker {
  /** The port it listens on. */
  readonly port: number;
  /** The interface it listens on. */
  readonly host: string;
  /** `mqtt://host:port`, ready for `createClient({ url })`. */
  readonly url: string;
  /** Number of open client connections. */
  connectionCount(): number;
  /**
   * Destroys every open client connection at the TCP level, without DISCONNECT: the
   * clients see an outage (and the broker sends their wills). Returns how many were cut.
   */
  cutConnections(): number;
  /**
   * An outage of `ms` milliseconds: cuts every connection as {@link cutConnections} does,
   * then closes each new connection at once until the time has passed, so reconnecting
   * clients fail a few attempts. Returns how many were cut.
   */
  outage(ms: number): number;
  /**
   * Destroys the connection of the client with this id, as {@link cutConnections} does
   * for all. Returns false when no such client is connected.
   */
  cutClient(clientId: string): boolean;
  /**
   * Serves one more client connection that arrived some other way, e.g. a WebSocket
   * (`ws`'s `createWebSocketStream(socket)`): the broker speaks MQTT over it, and
   * {@link cutConnections} and {@link stop} destroy it like the TCP ones.
   */
  handleStream(stream: Duplex): void;
  /** Closes every connection and the listener; resolves when all are closed. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts an aedes broker in this process on a TCP port of the loopback interface, for
 * the CLI (`rxmqtt broker`), the demo, the examples and their specs. aedes is an optional
 * package, loaded here on demand (see {@link loadAedes}); the library core never imports
 * this file.
 *
 * Resolves once the listener accepts connections; rejects with the listen error
 * (e.g. `EADDRINUSE`), or with the error of {@link loadAedes} when aedes is not installed.
 *
 * @example
 * ```ts
 * const broker = await startEmbeddedBroker();
 * const client = createClient({ url: broker.url });
 * // ... later
 * broker.cutConnections(); // simulate an outage
 * await broker.stop();
 * ```
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host || '127.0.0.1';
  const port = options.port || 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError('port must be an integer in 0..65535, got ' + port);
  }
  const aedes = await loadAedes().Aedes.createBroker();
  const sockets: Duplex[] = [];
  const byClientId: { [clientId: string]: Duplex } = {};
  let refusingUntil = 0;
  const handleStream = (stream: Duplex): void => {
    if (Date.now() < refusingUntil) {
      stream.destroy();
      return;
    }
    sockets.push(stream);
    stream.once('close', () => {
      const index = sockets.indexOf(stream);
      if (index >= 0) sockets.splice(index, 1);
    });
    // A WebSocket stream that fails mid-packet is the broker's business, not a crash of the host process.
    stream.on('error', () => undefined);
    aedes.handle(stream);
  };
  const server: Server = createServer((socket: Socket) => {
    socket.setNoDelay(true);
    handleStream(socket);
  });
  // A client that vanishes mid-packet is the broker's business, not a crash of the host process.
  aedes.on('connectionError', () => undefined);
  aedes.on('clientError', () => undefined);
  aedes.on('client', (client) => {
    byClientId[client.id] = client.conn as unknown as Duplex;
  });
  aedes.on('clientDisconnect', (client) => {
    if (byClientId[client.id] === client.conn) delete byClientId[client.id];
  });
  const onEvent = options.onEvent;
  if (onEvent) {
    aedes.on('client', (client) => onEvent('client ' + client.id + ' connected'));
    aedes.on('clientDisconnect', (client) => onEvent('client ' + client.id + ' disconnected'));
    aedes.on('subscribe', (subscriptions, client) => {
      const filters: string[] = [];
      for (let i = 0; i < subscriptions.length; i++) filters.push(subscriptions[i].topic + ' (QoS ' + subscriptions[i].qos + ')');
      onEvent('client ' + client.id + ' subscribed to ' + filters.join(', '));
    });
  }

  return new Promise<EmbeddedBroker>((resolve, reject) => {
    server.once('error', (error) => {
      aedes.close();
      reject(error);
    });
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      let stopped: Promise<void> | undefined;
      const cutConnections = (): number => {
        const open = sockets.slice();
        for (let i = 0; i < open.length; i++) open[i].destroy();
        return open.length;
      };
      resolve({
        port: actualPort,
        host,
        url: 'mqtt://' + (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + actualPort,
        connectionCount: () => sockets.length,
        cutConnections,
        outage(ms) {
          refusingUntil = Date.now() + ms;
          return cutConnections();
        },
        handleStream,
        cutClient(clientId) {
          const socket = Object.prototype.hasOwnProperty.call(byClientId, clientId) ? byClientId[clientId] : undefined;
          if (!socket || socket.destroyed) return false;
          socket.destroy();
          return true;
        },
        stop() {
          if (!stopped) {
            stopped = new Promise<void>((done) => {
              const open = sockets.slice();
              for (let i = 0; i < open.length; i++) open[i].destroy();
              server.close(() => aedes.close(() => done()));
            });
          }
          return stopped;
        },
      });
    });
  });
}
