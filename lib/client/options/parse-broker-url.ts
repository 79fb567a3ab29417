import { checkString } from '../../arg-checks';
import { redactUrl } from './redact-url';

/** A broker URL split into the parts a transport needs. */
export interface BrokerUrl {
  /** Lower-case scheme without the colon: `'mqtt'`, `'mqtts'`, `'ws'`, `'wss'`. */
  scheme: string;
  /** Host name or address, IPv6 without brackets. */
  host: string;
  /** Port; the scheme's default (1883, 8883, 80, 443) when the URL has none. */
  port: number;
  /** Path with its query (`'/mqtt'`); `''` when the URL has none. */
  path: string;
  /** User name from `scheme://user:pass@host`, percent-decoded, when present. */
  username?: string;
  /** Password from `scheme://user:pass@host`, percent-decoded, when present. */
  password?: string;
}

/** Default port of each scheme rxmqtt knows. */
export const DEFAULT_PORTS: { readonly [scheme: string]: number } = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };

const SHAPE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:([^@/?#:]*)(?::([^@/?#]*))?@)?(\[[0-9a-fA-F:.]+\]|[^/:?#[\]@\s]+)(?::(\d*))?([/?#].*)?$/;

function decodePart(part: string, url: string): string {
  try {
    return decodeURIComponent(part);
  } catch (e) {
    throw new TypeError('bad percent-encoding in broker URL "' + redactUrl(url) + '"');
  }
}

/**
 * Splits `scheme://[user[:password]@]host[:port][/path][?query]` into a {@link BrokerUrl}
 * without the `URL` global (Espruino has none). IPv6 hosts go in brackets
 * (`mqtt://[::1]:1883`).
 *
 * Error messages show the URL with its password redacted ({@link redactUrl}).
 *
 * @throws TypeError when `url` is not a string of that shape, or its scheme is not one of
 *   `mqtt`, `mqtts`, `ws`, `wss` (the message names the scheme)
 * @throws RangeError when the port is outside 1–65535
 * @example
 * ```ts
 * parseBrokerUrl('mqtt://127.0.0.1');          // { scheme: 'mqtt', host: '127.0.0.1', port: 1883, path: '' }
 * parseBrokerUrl('wss://u:p@broker/mqtt');     // { scheme: 'wss', host: 'broker', port: 443, path: '/mqtt', username: 'u', password: 'p' }
 * ```
 */
export function parseBrokerUrl(url: string): BrokerUrl {
  checkString(url, 'broker URL');
  const match = SHAPE.exec(url);
  if (!match) throw new TypeError('not a broker URL (scheme://host[:port][/path]): "' + redactUrl(url) + '"');
  const scheme = match[1].toLowerCase();
  const defaultPort = DEFAULT_PORTS[scheme];
  // not an own number: "constructor" and the like (schemes are lower-cased) come from Object.prototype
  if (typeof defaultPort !== 'number') {
    throw new TypeError('unknown scheme "' + scheme + ':" in broker URL "' + redactUrl(url) + '" (expected mqtt:, mqtts:, ws: or wss:)');
  }
  let host = match[4];
  if (host.charAt(0) === '[') host = host.slice(1, -1);
  let port = defaultPort;
  if (match[5]) {
    port = Number(match[5]);
    if (!(port >= 1 && port <= 65535)) throw new RangeError('port ' + match[5] + ' out of range 1..65535 in "' + redactUrl(url) + '"');
  }
  const result: BrokerUrl = { scheme, host, port, path: match[6] || '' };
  // user info: the user name up to the first colon, the password after it
  if (match[2] !== undefined) result.username = decodePart(match[2], url);
  if (match[3] !== undefined) result.password = decodePart(match[3], url);
  return result;
}
