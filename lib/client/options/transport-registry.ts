import { parseBrokerUrl } from './parse-broker-url';
import type { BrokerUrl } from './parse-broker-url';
import type { Transport } from '../transport';
import type { ClientOptions } from '../types';

/** Makes the transport for a URL of one scheme. */
export type TransportFactory = (url: BrokerUrl, options: ClientOptions) => Transport;

const factories: { [scheme: string]: TransportFactory } = {};

function normalize(scheme: string): string {
  const lower = scheme.toLowerCase();
  return lower.charAt(lower.length - 1) === ':' ? lower.slice(0, -1) : lower;
}

/**
 * Registers the transport used for URLs of `scheme` (`'mqtt'` or `'mqtt:'`); a later
 * registration replaces an earlier one. The adapters register theirs when imported:
 * Node's `mqtt`/`mqtts`/`ws`/`wss` with the package root, the browser's and
 * Espruino's with their entries.
 *
 * @throws TypeError when `scheme` is not a non-empty string or `factory` not a function
 * @example
 * ```ts
 * registerTransportScheme('mqtt', (url) => tcpTransport({ host: url.host, port: url.port }));
 * ```
 */
export function registerTransportScheme(scheme: string, factory: TransportFactory): void {
  if (typeof scheme !== 'string' || scheme === '') throw new TypeError('scheme must be a non-empty string');
  if (typeof factory !== 'function') throw new TypeError('factory must be a function');
  factories[normalize(scheme)] = factory;
}

/** The factory registered for `scheme`, or `undefined`. */
export function transportFactoryFor(scheme: string): TransportFactory | undefined {
  const key = normalize(scheme);
  return Object.prototype.hasOwnProperty.call(factories, key) ? factories[key] : undefined;
}

/**
 * The transport `createClient` uses for `options.url`: parses the URL and calls the
 * factory registered for its scheme.
 *
 * @throws TypeError for a malformed URL, an unknown scheme, or a scheme with no
 *   registered transport (the message names it)
 * @throws RangeError for a port outside 1–65535
 * @example
 * ```ts
 * const transport = transportForUrl('mqtt://127.0.0.1:1883', options);
 * ```
 */
export function transportForUrl(url: string, options: ClientOptions): Transport {
  return transportForBrokerUrl(parseBrokerUrl(url), options);
}

/**
 * {@link transportForUrl} for a URL that `parseBrokerUrl` parsed (what `createClient`
 * has): its scheme is one `parseBrokerUrl` knows, lower-case, so it is looked up as it is.
 *
 * @throws TypeError when no transport is registered for the scheme (the message names it)
 * @example
 * ```ts
 * const transport = transportForBrokerUrl(parseBrokerUrl('mqtt://127.0.0.1:1883'), options);
 * ```
 */
export function transportForBrokerUrl(url: BrokerUrl, options: ClientOptions): Transport {
  const factory = factories[url.scheme];
  if (factory === undefined) {
    throw new TypeError('no transport registered for "' + url.scheme + ':" URLs (import rxmqtt/adapters, or pass options.transport)');
  }
  return factory(url, options);
}
