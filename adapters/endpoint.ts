/** Argument checks and formatting shared by the transports that dial `host:port`. */

/**
 * Throws a TypeError/RangeError at call time for a bad host, port or connectTimeout.
 * Shared by the socket transports.
 *
 * @example
 * ```ts
 * checkEndpoint({ host: '127.0.0.1', port: 0 }); // RangeError
 * ```
 */
export function checkEndpoint(options: { host: string; port: number; connectTimeout?: number }): void {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  if (typeof options.host !== 'string' || options.host === '') throw new TypeError('host must be a non-empty string');
  if (typeof options.port !== 'number' || options.port % 1 !== 0) throw new TypeError('port must be an integer');
  if (options.port < 1 || options.port > 65535) throw new RangeError('port must be in 1..65535, got ' + options.port);
  const timeout = options.connectTimeout;
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0) || timeout === Infinity)) {
    throw new RangeError('connectTimeout must be a finite number of ms >= 0');
  }
}

/**
 * `host:port`, with brackets around an IPv6 address.
 *
 * @example
 * ```ts
 * formatAddress('::1', 1883); // '[::1]:1883'
 * ```
 */
export function formatAddress(host: string, port: number): string {
  return (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
}
