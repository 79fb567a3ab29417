import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { WebSocketServer } from 'ws';
import type { BrokerUrl } from '../../lib/client/options/parse-broker-url';
import type { Transport } from '../../lib/client/transport';
import type { ClientOptions } from '../../lib/client/types';
import { generateCertificates } from '../integration/support/certificates';
import { openConnection, openError, recordData } from './support/connection-probe';
import { startLocalTcpServer } from './support/local-tcp-server';

type Factory = (url: BrokerUrl, options: ClientOptions) => Transport;
const registered: { [scheme: string]: Factory } = {};

jest.mock('../../lib/client/options/transport-registry', () => ({
  registerTransportScheme: (scheme: string, factory: Factory) => {
    registered[scheme] = factory;
  },
}));

// Imported for its side effect, after the mock.
import '../../adapters/node-schemes';

describe('node-schemes', () => {
  it('registers mqtt, mqtts, ws and wss on import', () => {
    expect(Object.keys(registered).sort()).toEqual(['mqtt', 'mqtts', 'ws', 'wss']);
  });

  it('mqtt: opens TCP to the URL host and port', async () => {
    const local = await startLocalTcpServer();
    try {
      const transport = registered.mqtt({ scheme: 'mqtt', host: '127.0.0.1', port: local.port, path: '' }, {});
      const { connection, release } = await openConnection(transport);
      const peer = await local.accepted();
      const record = recordData(connection);
      peer.write(Buffer.from([0x20, 2, 0, 0]));
      expect(await record.waitForBytes(4)).toEqual([0x20, 2, 0, 0]);
      release();
    } finally {
      await local.close();
    }
  });

  it('gives up connecting after the client responseTimeout', async () => {
    const silent = await startLocalTcpServer(); // accepts TCP, never completes a TLS handshake
    try {
      const url: BrokerUrl = { scheme: 'mqtts', host: '127.0.0.1', port: silent.port, path: '' };
      const error = (await openError(registered.mqtts(url, { responseTimeout: 50 }))) as { code: string; message: string };
      expect(error.code).toBe('CONNECT_FAILED');
      expect(error.message).toBe('cannot connect to 127.0.0.1:' + silent.port + ': no connection within 50 ms');
    } finally {
      await silent.close();
    }
  });

  it('mqtts: opens TLS verified with options.tls, and refuses without the CA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-schemes-'));
    const certs = generateCertificates(dir);
    const server = createTlsServer({ cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url: BrokerUrl = { scheme: 'mqtts', host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '' };
    try {
      const { release } = await openConnection(registered.mqtts(url, { tls: { ca: readFileSync(certs.caFile) } }));
      release();
      const error = (await openError(registered.mqtts(url, {}))) as { code: string; message: string };
      expect(error.code).toBe('CONNECT_FAILED');
      expect(error.message).toMatch(/TLS verification failed/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ws: opens a WebSocket on /mqtt with the mqtt subprotocol', async () => {
    const paths: string[] = [];
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket, request) => {
      paths.push(String(request.url) + ' ' + socket.protocol);
      socket.close();
    });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url: BrokerUrl = { scheme: 'ws', host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '' };
      const { connection, release } = await openConnection(registered.ws(url, {}));
      expect(await recordData(connection).ended()).toBe('complete');
      release();
      expect(paths).toEqual(['/mqtt mqtt']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
