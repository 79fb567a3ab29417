/** Argument checks and formatting shared by the transports that dial `host:port`. */

import { checkObject } from '../lib/arg-checks';

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
  checkObject(options, 'options');
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

/** Certificate errors from OpenSSL and Node's host name check carry one of these codes. */
const VERIFY_CODE = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS_CERT_ALTNAME/;

/**
 * The text after "cannot connect to ADDRESS: " for a connect failure: the error's
 * message, or for a certificate that failed verification "TLS verification failed: "
 * with OpenSSL's reason and code.
 *
 * @example
 * ```ts
 * describeConnectFailure(error); // 'TLS verification failed: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)'
 * ```
 */
export function describeConnectFailure(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && VERIFY_CODE.test(code)) {
    return 'TLS verification failed: ' + error.message + ' (' + code + ')';
  }
  return error.message;
}
