import { connect } from 'node:net';
import type { Transport } from '../lib/client/transport';
import { checkBoolean } from '../lib/arg-checks';
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
  /**
   * Batch the reads of a flood (default true): when small reads come faster than one
   * per 0.25 ms on a connection that has not written for 10 ms (a QoS 0 subscriber of
   * a flood), reading pauses for 1 ms so each read carries more messages — far less
   * CPU per message, at most about 1 ms of extra latency. False reads eagerly.
   */
  paceReads?: boolean;
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
  if (options.paceReads !== undefined) checkBoolean(options.paceReads, 'paceReads');
  const host = options.host;
  const port = options.port;
  return socketTransport({
    address: formatAddress(host, port),
    dial: (onread) => connect({ host, port, onread }),
    readsWithOnread: true,
    paceReads: options.paceReads,
    readyEvent: 'connect',
    connectTimeout: options.connectTimeout,
  });
}
