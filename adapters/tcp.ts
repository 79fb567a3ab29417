import { connect } from 'node:net';
import type { Transport } from '../lib/client/transport';
import { checkEndpoint, formatAddress } from './endpoint';
import { socketTransport } from './socket-transport';

/** Options of {@link tcpTransport}. */
export interface TcpTransportOptions {
  /** Broker host name or address. */
  host: string;
  /** Broker port (1883 is MQTT's). */
  port: number;
  /** Fail a connect attempt after this many ms (default: the operating system's limit). */
  connectTimeout?: number;
}

/**
 * A {@link Transport} over plain TCP (`node:net`), Nagle's delay off, for `mqtt://` URLs.
 *
 * `open()` emits one `Connection` once connected and never completes; it errors with a
 * `TransportError` `CONNECT_FAILED` naming `host:port` and the cause when the connection
 * cannot be made (refused, unreachable, `connectTimeout` passed). Unsubscribing destroys
 * the socket. Each `write()` is one `socket.write` and returns its backpressure boolean;
 * `drain$` emits on `'drain'`; `data$` emits the socket's chunks, read through Node's
 * `onread` option (a `SocketReader`: no per-read stream machinery), completes when the peer closes and errors with `CONNECTION_LOST` when the
 * socket fails.
 *
 * @example
 * ```ts
 * const client = createClient({ transport: tcpTransport({ host: '127.0.0.1', port: 1883 }) });
 * ```
 */
export function tcpTransport(options: TcpTransportOptions): Transport {
  checkEndpoint(options);
  const host = options.host;
  const port = options.port;
  return socketTransport({
    address: formatAddress(host, port),
    dial: (onread) => connect({ host, port, onread }),
    readsWithOnread: true,
    readyEvent: 'connect',
    connectTimeout: options.connectTimeout,
  });
}
