import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM files made by {@link generateCertificates}. */
export interface TestCertificates {
  /** The test CA's certificate: trust it to verify the broker. */
  caFile: string;
  /** Broker certificate for 127.0.0.1 and localhost (SAN), signed by the test CA. */
  certFile: string;
  /** The broker certificate's private key. */
  keyFile: string;
  /** Another CA that signed nothing here: trusting only it must fail verification. */
  wrongCaFile: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20000 });
}

/** EC P-256 keys by default; RSA 2048 for peers whose TLS has no ECDSA (the Espruino interpreter's mbedtls). */
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
const RSA_KEY = ['-newkey', 'rsa:2048'];

function makeCa(dir: string, name: string, key: string[]): void {
  openssl(dir, [
    'req', '-x509', ...key, '-nodes',
    '-keyout', name + '-key.pem', '-out', name + '.pem', '-days', '2', '-subj', '/CN=rxmqtt test ' + name,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

/**
 * Generates, with the `openssl` command, a test CA, a broker certificate it signs (SAN
 * `IP:127.0.0.1`, `DNS:localhost`; EC P-256, or RSA 2048 with `rsa`, valid two days) and an unrelated second CA,
 * as PEM files in `dir`. Every file is made world-readable: mosquitto started as root
 * drops to its own user before reading them.
 *
 * @example
 * ```ts
 * const certs = generateCertificates(mkdtempSync(join(tmpdir(), 'certs-')));
 * ```
 */
export function generateCertificates(dir: string, options: { rsa?: boolean } = {}): TestCertificates {
  const key = options.rsa ? RSA_KEY : EC_KEY;
  makeCa(dir, 'ca', key);
  makeCa(dir, 'wrong-ca', key);
  writeFileSync(
    join(dir, 'server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ].join('\n') + '\n',
  );
  openssl(dir, [
    'req', ...key, '-nodes',
    '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=localhost',
  ]);
  openssl(dir, [
    'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext',
  ]);
  chmodSync(dir, 0o755);
  const files = readdirSync(dir);
  for (let i = 0; i < files.length; i++) chmodSync(join(dir, files[i]), 0o644);
  return {
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server-key.pem'),
    wrongCaFile: join(dir, 'wrong-ca.pem'),
  };
}
