import { registerTransportScheme } from '../lib/client/options/transport-registry';
import type { TlsOptions } from '../lib/client/types';
import { espruinoTransport, EspruinoModuleLoader } from './espruino';

/** Espruino's TLS takes PEM strings (or file names): Uint8Array or list values are not passed. */
function pem(value: TlsOptions['ca']): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Registers Espruino's sockets with the client's URL registry: `mqtt:` →
 * `espruinoTransport` over `require("net")`, `mqtts:` → over `require("tls")` with
 * `options.tls` (`ca`, `cert`, `key` as PEM strings). The Espruino bundle's entry
 * calls it; `loadModule` replaces the global `require` (specs pass a fake `net`).
 * Calling it again replaces the earlier registration.
 *
 * @example
 * ```ts
 * registerEspruinoSchemes();
 * createClient({ url: 'mqtt://192.168.1.2' }); // require("net").connect({ host, port: 1883 })
 * ```
 */
export function registerEspruinoSchemes(loadModule?: EspruinoModuleLoader): void {
  registerTransportScheme('mqtt', (url) => espruinoTransport({ host: url.host, port: url.port, loadModule }));
  registerTransportScheme('mqtts', (url, options) => {
    const tls = options.tls || {};
    return espruinoTransport({
      host: url.host,
      port: url.port,
      loadModule,
      tls: { ca: pem(tls.ca), key: pem(tls.key), cert: pem(tls.cert) },
    });
  });
}
