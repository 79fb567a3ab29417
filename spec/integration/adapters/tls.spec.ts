import { readFileSync } from 'node:fs';
import { tlsTransport } from '../../../adapters/tls';
import { TransportError } from '../../../lib/errors';
import { openConnection, openError, rawConnect, recordData, RAW_CONNACK_ACCEPTED, RAW_DISCONNECT } from '../support/raw-mqtt';

const port = Number(process.env.MQTT_TEST_TLS_PORT);
const ca = readFileSync(String(process.env.MQTT_TEST_CA));
const wrongCa = readFileSync(String(process.env.MQTT_TEST_WRONG_CA));

describe('tlsTransport against mosquitto', () => {
  it.each([
    ['127.0.0.1 (IP SAN)', '127.0.0.1', undefined],
    ['localhost (DNS SAN)', 'localhost', undefined],
    ['127.0.0.1 with servername localhost', '127.0.0.1', 'localhost'],
  ])('verifies the broker as %s and carries CONNECT/CONNACK', async (_name, host, servername) => {
    const { connection, release } = await openConnection(tlsTransport({ host, port, ca, servername }));
    try {
      const record = recordData(connection);
      expect(connection.write(rawConnect('rxmqtt-tls'))).toBe(true);
      expect(await record.waitForBytes(4)).toEqual(RAW_CONNACK_ACCEPTED);
      connection.write(RAW_DISCONNECT);
      expect(await record.ended()).toBe('complete');
    } finally {
      release();
    }
  });

  it('fails with CONNECT_FAILED naming the TLS reason when the certificate is signed by another CA', async () => {
    const error = (await openError(tlsTransport({ host: '127.0.0.1', port, ca: wrongCa }))) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe(
      'cannot connect to 127.0.0.1:' + port + ': TLS verification failed: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)',
    );
  });

  it('verifies by default: without the CA (system roots only) the test certificate is refused', async () => {
    const error = (await openError(tlsTransport({ host: '127.0.0.1', port }))) as TransportError;
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toMatch(/^cannot connect to 127\.0\.0\.1:\d+: TLS verification failed: .+ \([A-Z_]+\)$/);
  });

  it('refuses a certificate for another name', async () => {
    const error = (await openError(tlsTransport({ host: '127.0.0.1', port, ca, servername: 'broker.example' }))) as TransportError;
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toMatch(/TLS verification failed: Hostname\/IP does not match certificate's altnames: .* \(ERR_TLS_CERT_ALTNAME_INVALID\)$/);
  });

  it('connects without verification only when rejectUnauthorized is false', async () => {
    const { connection, release } = await openConnection(tlsTransport({ host: '127.0.0.1', port, rejectUnauthorized: false }));
    try {
      const record = recordData(connection);
      connection.write(rawConnect('rxmqtt-tls-noverify'));
      expect(await record.waitForBytes(4)).toEqual(RAW_CONNACK_ACCEPTED);
    } finally {
      release();
    }
  });
});
