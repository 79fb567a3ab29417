import NodeWebSocket from 'ws';
import type { Transport } from '../lib/client/transport';
import type { TlsOptions } from '../lib/client/types';
import { checkWebsocketUrl } from './browser-websocket';
import { describeConnectFailure } from './endpoint';
import { WebSocketLike, WebSocketLikeConstructor, websocketLikeTransport } from './websocket-like';

/** Options of {@link websocketTransport}. */
export interface WebsocketTransportOptions {
  /** `ws://host:port/path` or `wss://...`. */
  url: string;
  /** WebSocket subprotocols to offer (default `['mqtt']` [MQTT-6.0.0-3]). */
  protocols?: string[];
  /** TLS settings for `wss://` in Node (the browser uses its own trust store). */
  tls?: TlsOptions;
  /** A WebSocket class to use instead of the automatic choice. */
  WebSocket?: WebSocketLikeConstructor;
  /** Fail a connect attempt (TCP, TLS and HTTP upgrade) after this many ms. */
  connectTimeout?: number;
  /** `write()` returns false while this many bytes wait to be sent (default 64 KiB). */
  highWaterMark?: number;
}

/** True in Node (where the `ws` package is used), false in browsers. */
function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return !!(proc && proc.versions && proc.versions.node);
}

/**
 * A {@link Transport} over WebSocket for `ws://` and `wss://` URLs, chosen without the
 * caller doing anything: in Node the `ws` package (with `tls` options for `wss://`,
 * copy-free `nodebuffer` messages, no compression), elsewhere the native
 * `globalThis.WebSocket`. Browser bundles should use `browserWebsocketTransport`, which
 * does not import `ws`.
 *
 * Subprotocol `mqtt`, binary frames; MQTT packets may span frames and frames may carry
 * several packets (the decoder reassembles). `open()` emits one `Connection` when the
 * socket opens and never completes; it errors with a `TransportError` `CONNECT_FAILED`
 * naming the URL and the cause (refused, HTTP status, TLS verification, no `mqtt`
 * subprotocol). `data$` completes when the peer closes and errors with `CONNECTION_LOST`
 * on a failure; `write()` applies `bufferedAmount` backpressure.
 *
 * @example
 * ```ts
 * const transport = websocketTransport({ url: 'wss://127.0.0.1:8081/mqtt', tls: { ca } });
 * ```
 */
export function websocketTransport(options: WebsocketTransportOptions): Transport {
  checkWebsocketUrl(options);
  const url = options.url;
  const protocols = options.protocols || ['mqtt'];
  const custom = options.WebSocket;
  const native = (globalThis as { WebSocket?: WebSocketLikeConstructor }).WebSocket;
  const useWs = !custom && (isNode() || typeof native !== 'function');
  const tls = options.tls || {};
  const create = (): WebSocketLike => {
    if (custom) return new custom(url, protocols);
    if (!useWs) return new (native as WebSocketLikeConstructor)(url, protocols);
    const settings: NodeWebSocket.ClientOptions & { servername?: string } = {
      perMessageDeflate: false,
      ca: tls.ca as string | undefined,
      cert: tls.cert as string | undefined,
      key: tls.key as string | undefined,
      servername: tls.servername,
      rejectUnauthorized: tls.rejectUnauthorized !== false,
      handshakeTimeout: options.connectTimeout || undefined,
    };
    return new NodeWebSocket(url, protocols, settings) as unknown as WebSocketLike;
  };
  return websocketLikeTransport({
    url,
    create,
    binaryType: useWs ? 'nodebuffer' : undefined,
    describeFailure: describeConnectFailure,
    connectTimeout: options.connectTimeout,
    highWaterMark: options.highWaterMark,
  });
}
