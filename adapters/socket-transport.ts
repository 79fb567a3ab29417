import type { OnReadOpts, Socket } from 'node:net';
import { Observable, Subject, share } from 'rxjs';
import { TransportError } from '../lib/errors';
import type { Connection, Transport } from '../lib/client/transport';
import { SocketReader } from './socket-reader';

/** How {@link socketTransport} opens and describes one kind of Node stream socket. */
export interface SocketDialer {
  /** `host:port`, used in error messages. */
  address: string;
  /**
   * Starts connecting; the socket must not be connected yet. A dialer that passes
   * `onread` to `net.connect` says so with {@link readsWithOnread}; others ignore it.
   */
  dial(onread: OnReadOpts): Socket;
  /** True when {@link dial} gives `onread` to the socket (plain TCP): chunks then bypass the stream's `'data'` events. */
  readsWithOnread?: boolean;
  /** With `readsWithOnread`: batch the reads of a flood (`ReadPacer`); default true. */
  paceReads?: boolean;
  /** The event that says the socket can carry bytes: `'connect'` (net) or `'secureConnect'` (tls). */
  readyEvent: string;
  /** Fail the attempt when not ready within this many ms (absent or 0: no limit of ours). */
  connectTimeout?: number;
  /** Turns a connect failure into the text after "cannot connect to host:port: ". */
  describeFailure?(error: Error): string;
}

/** How long a graceful {@link Connection.close} waits for the peer's FIN before destroying. */
const CLOSE_GRACE_MS = 2000;

/**
 * A {@link Transport} over a Node `net.Socket` or `tls.TLSSocket`; the shared core of
 * `tcpTransport` and `tlsTransport`.
 *
 * `open()` emits one {@link Connection} when the socket is ready (Nagle off) and never
 * completes; it errors with a `TransportError` `CONNECT_FAILED` (message naming
 * `host:port` and the cause) when connecting fails or times out. Unsubscribing
 * destroys the socket, unless `close()` already started a graceful close.
 *
 * The connection's `data$` emits the socket's chunks (Buffers, which are Uint8Array
 * views: mind `byteOffset`; read through a `SocketReader` when the dialer
 * `readsWithOnread`, else from `'data'` events), completes on the peer's FIN or on close, and
 * errors with `CONNECTION_LOST` when the socket fails. Reading starts on the first
 * subscription; nothing is lost before it. `write()` is one `socket.write` and returns
 * its result (the writes of one turn are corked and leave together, as one `writev`
 * when there are several); `drain$` emits on the socket's `'drain'`. `close()` ends the socket
 * (pending writes are flushed) and destroys it if the peer has not closed within 2 s.
 *
 * @example
 * ```ts
 * socketTransport({ address: '127.0.0.1:1883', dial: () => net.connect(1883, '127.0.0.1'), readyEvent: 'connect' });
 * ```
 */
export function socketTransport(dialer: SocketDialer): Transport {
  return {
    open: () =>
      new Observable<Connection>((subscriber) => {
        const reader = dialer.readsWithOnread ? new SocketReader(dialer.paceReads !== false) : null;
        const socket = dialer.dial(reader !== null ? reader.onread : NO_ONREAD);
        // an onread socket reads as soon as it connects: hold it until data$ is subscribed
        if (reader !== null) socket.pause();
        let ready = false;
        let closing = false;
        let timer: ReturnType<typeof setTimeout> | undefined;

        const fail = (reason: string, cause?: unknown): void => {
          if (timer !== undefined) clearTimeout(timer);
          socket.destroy();
          subscriber.error(new TransportError('CONNECT_FAILED', 'cannot connect to ' + dialer.address + ': ' + reason, cause));
        };
        const onConnectError = (error: Error): void => {
          fail(dialer.describeFailure ? dialer.describeFailure(error) : error.message, error);
        };
        socket.once('error', onConnectError);
        if (dialer.connectTimeout) {
          const ms = dialer.connectTimeout;
          timer = setTimeout(() => fail('no connection within ' + ms + ' ms'), ms);
        }
        socket.once(dialer.readyEvent, () => {
          if (timer !== undefined) clearTimeout(timer);
          socket.removeListener('error', onConnectError);
          socket.setNoDelay(true);
          ready = true;
          subscriber.next(
            socketConnection(socket, reader, dialer.address, () => {
              closing = true;
            }),
          );
        });
        return () => {
          if (timer !== undefined) clearTimeout(timer);
          if (!ready || !closing) socket.destroy();
        };
      }),
  };
}

/** What a dialer without `onread` support is given (it ignores it). */
const NO_ONREAD: OnReadOpts = {
  buffer: new Uint8Array(0),
  callback: () => true,
};

/**
 * Wraps a ready socket as a {@link Connection}; chunks come from `reader` when there is
 * one, else from `'data'` events; `onClose` is told when `close()` starts.
 */
function socketConnection(socket: Socket, reader: SocketReader | null, address: string, onClose: () => void): Connection {
  // Terminal state seen before anyone subscribed to data$ (the socket is paused until then).
  let lost: TransportError | undefined;
  let ended = false;
  let reading = false;
  const data = new Subject<Uint8Array>();
  const drain = new Subject<void>();

  // paused by the client (observers behind, or its writes blocked): a pacing pause's end must not resume it
  let held = false;
  if (reader !== null) {
    reader.resume = () => {
      if (reading && !held && !socket.destroyed) socket.resume();
    };
  }
  const finish = (): void => {
    if (reader !== null) reader.stopPacing();
    if (ended || lost) return;
    ended = true;
    data.complete();
  };
  socket.on('error', (error: Error) => {
    if (ended || lost) return;
    lost = new TransportError('CONNECTION_LOST', 'connection to ' + address + ' lost: ' + error.message, error);
    data.error(lost);
  });
  socket.on('end', finish);
  socket.on('close', finish);
  socket.on('drain', () => drain.next());

  const data$ = new Observable<Uint8Array>((subscriber) => {
    if (lost) {
      subscriber.error(lost);
      return undefined;
    }
    if (ended) {
      subscriber.complete();
      return undefined;
    }
    const inner = data.subscribe(subscriber);
    const onData = (chunk: Uint8Array): void => data.next(chunk);
    if (reader !== null) reader.sink = onData;
    else socket.on('data', onData);
    reading = true;
    socket.resume();
    return () => {
      reading = false;
      inner.unsubscribe();
      if (reader !== null) {
        reader.sink = dropChunk;
        reader.stopPacing();
      } else socket.removeListener('data', onData);
      socket.pause();
    };
  }).pipe(share());

  let closed = false;
  // the writes of one turn (a batch's pieces and large payload views) leave as one writev
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  return {
    data$,
    drain$: drain.asObservable(),
    write(bytes: Uint8Array): boolean {
      if (socket.destroyed || !socket.writable) return false;
      if (reader !== null) reader.wrote();
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      return socket.write(bytes);
    },
    pause(): boolean {
      held = true;
      if (!socket.destroyed) socket.pause();
      return true;
    },
    resume(): void {
      if (!held) return;
      held = false;
      if (reading && !socket.destroyed) socket.resume();
    },
    close(): void {
      if (closed) return;
      closed = true;
      held = false;
      onClose();
      if (socket.destroyed) return;
      const grace = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
      if (typeof grace.unref === 'function') grace.unref();
      socket.once('close', () => clearTimeout(grace));
      socket.end();
      // Nobody reads: let the stream flow anyway, or the peer's FIN is never seen.
      if (!reading) socket.resume();
    },
  };
}

function dropChunk(): void {
  // nobody reads (the connection is closing): what arrives is dropped
}
