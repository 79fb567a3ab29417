import { registerTransportScheme } from '../lib/client/options/transport-registry';
import type { ClientOptions } from '../lib/client/types';
import { tcpTransport } from './tcp';
import { tlsTransport } from './tls';
import { websocketTransport } from './websocket';
import { websocketUrl } from './websocket-url';

/** Connect attempts give up after the client's `responseTimeout` (default 10 s). */
function connectTimeoutOf(options: ClientOptions): number {
  return options.responseTimeout !== undefined ? options.responseTimeout : 10000;
}

/**
 * Registers Node's transports with the client's URL registry: `mqtt:` → `tcpTransport`,
 * `mqtts:` → `tlsTransport` (with `options.tls`), `ws:`/`wss:` → `websocketTransport`
 * (the `ws` package; `options.tls` for `wss:`). Connect attempts time out after
 * `options.responseTimeout`. Runs when this module is first imported (the package root
 * imports it); calling it again is harmless.
 *
 * @example
 * ```ts
 * import 'rxmqtt'; // registers them
 * createClient({ url: 'mqtts://127.0.0.1:8883', tls: { ca } });
 * ```
 */
export function registerNodeSchemes(): void {
  registerTransportScheme('mqtt', (url, options) =>
    tcpTransport({ host: url.host, port: url.port, connectTimeout: connectTimeoutOf(options) }),
  );
  registerTransportScheme('mqtts', (url, options) => {
    const tls = options.tls || {};
    return tlsTransport({
      host: url.host,
      port: url.port,
      connectTimeout: connectTimeoutOf(options),
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      servername: tls.servername,
      rejectUnauthorized: tls.rejectUnauthorized,
    });
  });
  const ws = (url: Parameters<typeof websocketUrl>[0], options: ClientOptions) =>
    websocketTransport({ url: websocketUrl(url), tls: options.tls, connectTimeout: connectTimeoutOf(options) });
  registerTransportScheme('ws', ws);
  registerTransportScheme('wss', ws);
}

registerNodeSchemes();
