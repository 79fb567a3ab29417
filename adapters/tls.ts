import { connect, ConnectionOptions } from 'node:tls';
import type { Transport } from '../lib/client/transport';
import type { TlsOptions } from '../lib/client/types';
import { checkEndpoint, describeConnectFailure, formatAddress } from './endpoint';
import { socketTransport } from './socket-transport';

/** Options of {@link tlsTransport}: where to connect plus the {@link TlsOptions}. */
export interface TlsTransportOptions extends TlsOptions {
  /** Broker host name or address; also the name the certificate must match. */
  host: string;
  /** Broker port (8883 is MQTT over TLS's). */
  port: number;
  /** Fail a connect attempt (TCP and TLS handshake) after this many ms. */
  connectTimeout?: number;
}

/**
 * A {@link Transport} over TLS (`node:tls`), Nagle's delay off, for `mqtts://` URLs.
 * The broker's certificate is verified unless `rejectUnauthorized` is `false`
 * (default `true`), against `ca` when given, else the system's roots; its name must
 * match `servername` or `host` (an IP address must be in the certificate's SAN).
 *
 * Same semantics as `tcpTransport`: `open()` emits one `Connection` after the handshake
 * and never completes; it errors with a `TransportError` `CONNECT_FAILED` whose message
 * names `host:port` and the cause — for a certificate that fails verification,
 * "TLS verification failed" with OpenSSL's reason and code. Unsubscribing destroys the
 * socket; `data$` completes when the peer closes and errors with `CONNECTION_LOST`.
 *
 * @example
 * ```ts
 * const transport = tlsTransport({ host: 'broker.local', port: 8883, ca: readFileSync('ca.pem') });
 * ```
 */
export function tlsTransport(options: TlsTransportOptions): Transport {
  checkEndpoint(options);
  const settings: ConnectionOptions = {
    host: options.host,
    port: options.port,
    rejectUnauthorized: options.rejectUnauthorized !== false,
  };
  if (options.ca !== undefined) settings.ca = options.ca as ConnectionOptions['ca'];
  if (options.cert !== undefined) settings.cert = options.cert as ConnectionOptions['cert'];
  if (options.key !== undefined) settings.key = options.key as ConnectionOptions['key'];
  if (options.servername !== undefined) settings.servername = options.servername;
  return socketTransport({
    address: formatAddress(options.host, options.port),
    dial: () => connect(settings),
    readyEvent: 'secureConnect',
    connectTimeout: options.connectTimeout,
    describeFailure: describeConnectFailure,
  });
}
