import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, Server, TLSSocket } from 'node:tls';
import { tlsTransport } from '../../adapters/tls';
import { TransportError } from '../../lib/errors';
import { generateCertificates, TestCertificates } from '../integration/support/certificates';
import { openConnection, openError, recordData } from './support/connection-probe';
import { startLocalTcpServer } from './support/local-tcp-server';

describe('tlsTransport', () => {
  let dir: string;
  let certs: TestCertificates;
  let server: Server;
  let port: number;
  const peers: TLSSocket[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxmqtt-tls-spec-'));
    certs = generateCertificates(dir);
    server = createServer(
      { cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile), requestCert: true, rejectUnauthorized: false },
      (socket) => {
        peers.push(socket);
        socket.on('error', () => undefined);
        socket.on('data', (chunk) => socket.write(chunk)); // echo
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });

  afterAll(async () => {
    for (let i = 0; i < peers.length; i++) peers[i].destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects bad options at call time', () => {
    expect(() => tlsTransport({ host: '127.0.0.1', port: -1 })).toThrow(RangeError);
    expect(() => tlsTransport({ host: undefined as unknown as string, port: 1 })).toThrow(TypeError);
  });

  it('opens after the handshake, verifying against the given CA, and carries bytes both ways', async () => {
    const { connection, release } = await openConnection(tlsTransport({ host: '127.0.0.1', port, ca: readFileSync(certs.caFile) }));
    try {
      const record = recordData(connection);
      expect(connection.write(Uint8Array.of(0xc0, 0))).toBe(true);
      expect(await record.waitForBytes(2)).toEqual([0xc0, 0]);
    } finally {
      release();
    }
  });

  it('presents the client certificate and key it is given', async () => {
    const before = peers.length;
    const { release } = await openConnection(
      tlsTransport({
        host: '127.0.0.1',
        port,
        ca: readFileSync(certs.caFile, 'utf8'),
        cert: readFileSync(certs.certFile, 'utf8'),
        key: readFileSync(certs.keyFile, 'utf8'),
      }),
    );
    try {
      while (peers.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
      const peer = peers[before];
      expect(peer.getPeerCertificate().subject.CN).toBe('localhost');
    } finally {
      release();
    }
  });

  it('fails with CONNECT_FAILED naming the TLS reason on the wrong CA (this server sends no chain)', async () => {
    const error = (await openError(tlsTransport({ host: '127.0.0.1', port, ca: readFileSync(certs.wrongCaFile) }))) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe(
      'cannot connect to 127.0.0.1:' + port + ': TLS verification failed: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    );
  });

  it('fails with CONNECT_FAILED when the handshake does not finish within connectTimeout', async () => {
    const silent = await startLocalTcpServer(); // accepts TCP, never speaks TLS
    try {
      const error = (await openError(tlsTransport({ host: '127.0.0.1', port: silent.port, connectTimeout: 50 }))) as TransportError;
      expect(error.code).toBe('CONNECT_FAILED');
      expect(error.message).toBe('cannot connect to 127.0.0.1:' + silent.port + ': no connection within 50 ms');
    } finally {
      await silent.close();
    }
  });

  it('fails with CONNECT_FAILED and no TLS wording when the peer is not TLS at all', async () => {
    const silent = await startLocalTcpServer();
    silent.server.on('connection', (socket) => socket.end('HTTP/1.0 400 Bad Request\r\n\r\n'));
    try {
      const error = (await openError(tlsTransport({ host: '127.0.0.1', port: silent.port }))) as TransportError;
      expect(error.code).toBe('CONNECT_FAILED');
      expect(error.message).toMatch(/^cannot connect to 127\.0\.0\.1:\d+: (?!TLS verification)/);
    } finally {
      await silent.close();
    }
  });
});
