import type { TestCertificates } from './certificates';

/**
 * mosquitto config lines for a WebSocket listener on 127.0.0.1:`port` (`wss` when
 * `certs` are given). `socket_domain ipv4` is needed: without it Debian's mosquitto
 * 2.0 binds WebSocket listeners to every interface despite the address.
 *
 * @example
 * ```ts
 * startMosquitto(websocketsListener(await freePort()));
 * ```
 */
export function websocketsListener(port: number, certs?: TestCertificates): string[] {
  const lines = ['listener ' + port + ' 127.0.0.1', 'protocol websockets', 'socket_domain ipv4'];
  return certs ? lines.concat(certificateLines(certs)) : lines;
}

/**
 * mosquitto config lines for an MQTT-over-TLS listener on 127.0.0.1:`port` serving
 * the test broker certificate.
 *
 * @example
 * ```ts
 * startMosquitto(tlsListener(await freePort(), generateCertificates(dir)));
 * ```
 */
export function tlsListener(port: number, certs: TestCertificates): string[] {
  return ['listener ' + port + ' 127.0.0.1'].concat(certificateLines(certs));
}

function certificateLines(certs: TestCertificates): string[] {
  return ['cafile ' + certs.caFile, 'certfile ' + certs.certFile, 'keyfile ' + certs.keyFile];
}
