import { connect, Socket } from 'node:net';
import { socketTransport } from '../../adapters/socket-transport';
import { TransportError } from '../../lib/errors';
import { openConnection, openError, recordData } from './support/connection-probe';
import { LocalTcpServer, once, startLocalTcpServer } from './support/local-tcp-server';

describe('socketTransport', () => {
  let local: LocalTcpServer;
  beforeEach(async () => {
    local = await startLocalTcpServer();
  });
  afterEach(() => local.close());

  it('fails with CONNECT_FAILED when the ready event does not come within connectTimeout, and destroys the socket', async () => {
    let socket: Socket | undefined;
    const transport = socketTransport({
      address: 'nowhere:1',
      dial: () => (socket = new Socket()), // never connects
      readyEvent: 'connect',
      connectTimeout: 40,
    });
    const started = Date.now();
    const error = (await openError(transport)) as TransportError;
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe('cannot connect to nowhere:1: no connection within 40 ms');
    expect(socket && socket.destroyed).toBe(true);
  });

  it('uses describeFailure for the reason of a failed connect', async () => {
    const port = local.port;
    await local.close();
    const error = (await openError(
      socketTransport({
        address: 'here:' + port,
        dial: () => connect(port, '127.0.0.1'),
        readyEvent: 'connect',
        describeFailure: (e) => 'described ' + (e as NodeJS.ErrnoException).code,
      }),
    )) as TransportError;
    expect(error.message).toBe('cannot connect to here:' + port + ': described ECONNREFUSED');
    local = await startLocalTcpServer();
  });

  it('lets a graceful close() finish even when open() is unsubscribed right after it', async () => {
    const { connection, release } = await openConnection(
      socketTransport({ address: 'local', dial: () => connect(local.port, '127.0.0.1'), readyEvent: 'connect' }),
    );
    const peer = await local.accepted();
    const received: number[] = [];
    peer.on('data', (chunk: Buffer) => received.push(...chunk));
    const record = recordData(connection);
    connection.write(Uint8Array.of(0xe0, 0));
    connection.close();
    release();
    await once(peer, 'end');
    expect(received).toEqual([0xe0, 0]);
    peer.end();
    expect(await record.ended()).toBe('complete');
  });

  it('destroys the socket 2 s after close() when the peer never answers the FIN', async () => {
    await local.close();
    local = await startLocalTcpServer({ allowHalfOpen: true });
    const { connection } = await openConnection(
      socketTransport({ address: 'local', dial: () => connect(local.port, '127.0.0.1'), readyEvent: 'connect' }),
    );
    const peer = await local.accepted();
    const peerSawFin = once(peer, 'end');
    peer.resume();
    const record = recordData(connection);
    const started = Date.now();
    connection.close();
    await peerSawFin;
    expect(await record.ended(4000)).toBe('complete');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });
});
