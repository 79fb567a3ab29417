import { redactUrl } from '../lib/client/options/redact-url';
import { checkObject } from '../lib/arg-checks';
import type { Transport } from '../lib/client/transport';
import { WebSocketLikeConstructor, websocketLikeTransport } from './websocket-like';

/** Options of {@link browserWebsocketTransport}. */
export interface BrowserWebsocketTransportOptions {
  /** `ws://host:port/path` or `wss://...`. */
  url: string;
  /** WebSocket subprotocols to offer (default `['mqtt']`, as MQTT over WebSocket requires [MQTT-6.0.0-3]). */
  protocols?: string[];
  /** The WebSocket class (default `globalThis.WebSocket`). */
  WebSocket?: WebSocketLikeConstructor;
  /** Fail a connect attempt after this many ms. */
  connectTimeout?: number;
  /** `write()` returns false while this many bytes wait to be sent (default 64 KiB). */
  highWaterMark?: number;
}

/**
 * A {@link Transport} over the browser's native `WebSocket`, for `ws://` and `wss://`
 * URLs in browsers; imports no Node module and not the `ws` package, so the browser
 * bundle uses this one. TLS is the browser's business (its trust store).
 *
 * `open()` emits one `Connection` when the socket opens (subprotocol `mqtt`,
 * `binaryType` `'arraybuffer'`, binary frames) and never completes; errors with a
 * `TransportError` `CONNECT_FAILED` when it cannot open. `data$` completes when the peer
 * closes and errors with `CONNECTION_LOST` on a failure; `write()` applies
 * `bufferedAmount` backpressure (see `websocketLikeTransport`).
 *
 * @throws TypeError at call time when `url` is not a ws:/wss: URL or no WebSocket class exists.
 * @example
 * ```ts
 * const client = createClient({ transport: browserWebsocketTransport({ url: 'wss://broker.example/mqtt' }) });
 * ```
 */
export function browserWebsocketTransport(options: BrowserWebsocketTransportOptions): Transport {
  checkWebsocketUrl(options);
  return nativeWebsocketTransport(options);
}

/**
 * {@link browserWebsocketTransport} for options whose `url` is known to be a `ws:` or
 * `wss:` URL (what the browser's scheme registration builds from a parsed broker URL):
 * the same transport without the URL check.
 *
 * @throws TypeError at call time when no WebSocket class exists.
 * @example
 * ```ts
 * nativeWebsocketTransport({ url: websocketUrl(parseBrokerUrl('wss://broker.example')) });
 * ```
 */
export function nativeWebsocketTransport(options: BrowserWebsocketTransportOptions): Transport {
  const WebSocketClass = options.WebSocket || (globalThis as { WebSocket?: WebSocketLikeConstructor }).WebSocket;
  if (typeof WebSocketClass !== 'function') throw new TypeError('no WebSocket class: pass options.WebSocket');
  const url = options.url;
  const protocols = options.protocols || ['mqtt'];
  return websocketLikeTransport({
    url,
    create: () => new WebSocketClass(url, protocols),
    connectTimeout: options.connectTimeout,
    highWaterMark: options.highWaterMark,
  });
}

/**
 * Throws a TypeError at call time unless `options.url` is a `ws:` or `wss:` URL.
 * Shared by the WebSocket transports.
 *
 * @example
 * ```ts
 * checkWebsocketUrl({ url: 'http://x' }); // TypeError
 * ```
 */
export function checkWebsocketUrl(options: { url: string }): void {
  checkObject(options, 'options');
  if (typeof options.url !== 'string' || !/^wss?:\/\/[^/]/i.test(options.url)) {
    throw new TypeError('url must be a ws:// or wss:// URL, got ' + JSON.stringify(typeof options.url === 'string' ? redactUrl(options.url) : options.url));
  }
}
