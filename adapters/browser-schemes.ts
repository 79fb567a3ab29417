import { registerTransportScheme } from '../lib/client/options/transport-registry';
import { nativeWebsocketTransport } from './browser-websocket';
import { websocketUrl } from './websocket-url';

/**
 * Registers the browser's transports with the client's URL registry: `ws:` and `wss:`
 * → the native WebSocket transport (`nativeWebsocketTransport`: `browserWebsocketTransport`
 * without its URL check, the URL coming checked from `parseBrokerUrl`). No Node module and
 * no `ws` package is imported, so the browser bundle's entry imports this instead of
 * `node-schemes`.
 * Runs on first import; calling it again is harmless.
 *
 * @example
 * ```ts
 * import 'rxmqtt/adapters/browser-schemes';
 * createClient({ url: 'wss://broker.example/mqtt' });
 * ```
 */
export function registerBrowserSchemes(): void {
  const ws = (url: Parameters<typeof websocketUrl>[0], options: { responseTimeout?: number }) =>
    nativeWebsocketTransport({
      url: websocketUrl(url),
      connectTimeout: options.responseTimeout !== undefined ? options.responseTimeout : 10000,
    });
  registerTransportScheme('ws', ws);
  registerTransportScheme('wss', ws);
}

registerBrowserSchemes();
