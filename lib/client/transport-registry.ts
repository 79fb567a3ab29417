import type { BrokerUrl } from './parse-broker-url';
import type { Transport } from './transport';
import type { ClientOptions } from './types';

/** Makes the transport for a URL of one scheme. */
export type TransportFactory = (url: BrokerUrl, options: ClientOptions) => Transport;

const factories: { [scheme: string]: TransportFactory } = {};

function normalize(scheme: string): string {
  const lower = scheme.toLowerCase();
  return lower.charAt(lower.length - 1) === ':' ? lower.slice(0, -1) : lower;
}

/**
 * Registers the transport used for URLs of `scheme` (`'mqtt'` or `'mqtt:'`); a later
 * registration replaces an earlier one. Minimal version written by the adapters
 * helper; the client helper owns this module.
 *
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
