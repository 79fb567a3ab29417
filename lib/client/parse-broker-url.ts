/** A broker URL split into the parts a transport needs. */
export interface BrokerUrl {
  /** Lower-case scheme without the colon: `'mqtt'`, `'mqtts'`, `'ws'`, `'wss'`, ... */
  scheme: string;
  /** Host name or address, IPv6 without brackets. */
  host: string;
  /** Port; the scheme's default when the URL has none. */
  port: number;
  /** Path with its query (`'/mqtt'`); `''` when the URL has none. */
  path: string;
}

const DEFAULT_PORTS: { [scheme: string]: number } = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };

/**
 * Splits `scheme://host[:port][/path]` into a {@link BrokerUrl}. Minimal version
 * written by the adapters helper; the client helper owns this module.
 *
 * @throws TypeError when `url` is not of that shape or the port is out of range.
 * @example
 * ```ts
 * parseBrokerUrl('mqtt://127.0.0.1:1883'); // { scheme: 'mqtt', host: '127.0.0.1', port: 1883, path: '' }
 * ```
 */
export function parseBrokerUrl(url: string): BrokerUrl {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([/?].*)?$/.exec(url);
  if (!match) throw new TypeError('not a broker URL: "' + url + '"');
  const scheme = match[1].toLowerCase();
  let host = match[2];
  if (host.charAt(0) === '[') host = host.slice(1, -1);
  const port = match[3] !== undefined ? Number(match[3]) : DEFAULT_PORTS[scheme];
  if (port === undefined) throw new TypeError('no port in "' + url + '" and no default port for ' + scheme + ':');
  if (!(port >= 1 && port <= 65535)) throw new RangeError('port out of range in "' + url + '"');
  return { scheme, host, port, path: match[4] || '' };
}
