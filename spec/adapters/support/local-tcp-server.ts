import { createServer, Server, Socket } from 'node:net';

/** A TCP server on 127.0.0.1 that hands its accepted sockets to the test. */
export interface LocalTcpServer {
  server: Server;
  port: number;
  /** Sockets accepted so far. */
  sockets: Socket[];
  /** Resolves with the next accepted socket (or the first one not yet claimed). */
  accepted(): Promise<Socket>;
  /** Destroys every socket and closes the server. */
  close(): Promise<void>;
}

/**
 * Starts a TCP server on a free 127.0.0.1 port for adapter unit specs; with
 * `allowHalfOpen` its sockets stay open after the client's FIN.
 *
 * @example
 * ```ts
 * const local = await startLocalTcpServer();
 * const socket = await local.accepted();
 * ```
 */
export function startLocalTcpServer(options: { allowHalfOpen?: boolean } = {}): Promise<LocalTcpServer> {
  const sockets: Socket[] = [];
  let claimed = 0;
  const waiting: Array<(socket: Socket) => void> = [];
  const server = createServer({ allowHalfOpen: !!options.allowHalfOpen }, (socket) => {
    socket.on('error', () => undefined);
    sockets.push(socket);
    const next = waiting.shift();
    if (next) {
      claimed++;
      next(socket);
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        server,
        port: typeof address === 'object' && address ? address.port : 0,
        sockets,
        accepted: () =>
          new Promise((done) => {
            if (claimed < sockets.length) done(sockets[claimed++]);
            else waiting.push(done);
          }),
        close: () =>
          new Promise((done) => {
            for (let i = 0; i < sockets.length; i++) sockets[i].destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Resolves when `socket` emits `event` (rejects after `ms`). */
export function once(emitter: { once(event: string, listener: (...args: unknown[]) => void): unknown }, event: string, ms = 3000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ' + event + ' within ' + ms + ' ms')), ms);
    emitter.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}
