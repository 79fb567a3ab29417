/**
 * MQTT 5 Server Reference: the server a CONNACK refusal (0x9C Use another server, 0x9D
 * Server moved) or a server's DISCONNECT sends the client to (section 4.11).
 */
import { BrokerUrl, DEFAULT_PORTS, parseBrokerUrl } from './parse-broker-url';

/**
 * The Server Reference an error of the connection carries, or null: that of a
 * `ConnectionRefusedError` with reason code 0x9C or 0x9D, or of a `ServerDisconnectError`
 * (`SERVER_DISCONNECT`) that has one.
 *
 * @example
 * ```ts
 * serverReferenceOf(serverDisconnectError({ type: 'disconnect', reasonCode: 0x9d, properties: { serverReference: 'b:1883' } })); // 'b:1883'
 * ```
 */
export function serverReferenceOf(error: unknown): string | null {
  if (error === null || typeof error !== 'object') return null;
  const e = error as { code?: unknown; reasonCode?: unknown; serverReference?: unknown };
  if (typeof e.serverReference !== 'string' || e.serverReference === '') return null;
  if (e.code === 'SERVER_DISCONNECT') return e.serverReference;
  if (e.code === 'CONNECTION_REFUSED' && (e.reasonCode === 0x9c || e.reasonCode === 0x9d)) return e.serverReference;
  return null;
}

/**
 * The broker URL a Server Reference names, seen from the server the client is on
 * (`current`): the spec leaves its format open; its usual form is a space-separated list
 * of `host[:port]` (IPv6 in brackets), of which the first is taken, with the current
 * scheme, path and credentials, and the scheme's default port. A full URL
 * (`mqtts://host:8883`) is taken as it is. Null for what cannot be read.
 *
 * @example
 * ```ts
 * referredUrl('other.example:1884 third.example', parseBrokerUrl('mqtt://one.example'));
 * // { scheme: 'mqtt', host: 'other.example', port: 1884, path: '' }
 * ```
 */
export function referredUrl(reference: string, current: BrokerUrl): BrokerUrl | null {
  const first = reference.trim().split(/\s+/)[0];
  try {
    if (first.indexOf('://') > 0) return parseBrokerUrl(first);
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:/\s[\]@]+)(?::(\d{1,5}))?$/.exec(first);
    if (match === null) return null;
    const url: BrokerUrl = {
      scheme: current.scheme,
      host: match[1].charAt(0) === '[' ? match[1].slice(1, -1) : match[1],
      port: match[2] !== undefined ? Number(match[2]) : DEFAULT_PORTS[current.scheme] || current.port,
      path: current.path,
    };
    if (url.port < 1 || url.port > 65535) return null;
    if (current.username !== undefined) url.username = current.username;
    if (current.password !== undefined) url.password = current.password;
    return url;
  } catch (e) {
    return null; // a malformed URL
  }
}

/** The URL of `url` as `state$` shows it: `scheme://host:port/path`, without credentials. */
export function serverName(url: BrokerUrl): string {
  const host = url.host.indexOf(':') >= 0 ? '[' + url.host + ']' : url.host;
  return url.scheme + '://' + host + ':' + url.port + url.path;
}
