import { Socket } from 'node:net';
import { firstValueFrom, take } from 'rxjs';
import { tcpTransport } from '../../adapters/tcp';
import { TransportError } from '../../lib/errors';
import { openConnection, openError, recordData } from './support/connection-probe';
import { LocalTcpServer, once, startLocalTcpServer } from './support/local-tcp-server';

describe('tcpTransport', () => {
  let local: LocalTcpServer;
  const releases: Array<() => void> = [];

  beforeEach(async () => {
    local = await startLocalTcpServer();
  });
  afterEach(async () => {
    while (releases.length) (releases.pop() as () => void)();
    jest.restoreAllMocks();
    await local.close();
  });

  async function open(paceReads?: boolean) {
    const opened = await openConnection(tcpTransport({ host: '127.0.0.1', port: local.port, paceReads }));
    releases.push(opened.release);
    return { connection: opened.connection, peer: await local.accepted(), release: opened.release };
  }

  it.each([
    [{ host: '', port: 1 }, TypeError, 'host must be a non-empty string'],
    [{ host: 'h', port: 1.5 }, TypeError, 'port must be an integer'],
    [{ host: 'h', port: 0 }, RangeError, 'port must be in 1..65535, got 0'],
    [{ host: 'h', port: 65536 }, RangeError, 'port must be in 1..65535, got 65536'],
    [{ host: 'h', port: 1, connectTimeout: -1 }, RangeError, 'connectTimeout must be a finite number of ms >= 0'],
    [{ host: 'h', port: 1, paceReads: 'yes' as unknown as boolean }, TypeError, 'paceReads must be a boolean, got string'],
  ])('rejects bad options at call time: %j', (options, errorClass, message) => {
    expect(() => tcpTransport(options)).toThrow(errorClass);
    expect(() => tcpTransport(options)).toThrow(message);
  });

  it('is lazy: nothing connects before open() is subscribed', async () => {
    const transport = tcpTransport({ host: '127.0.0.1', port: local.port });
    const opening = transport.open();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(local.sockets.length).toBe(0);
    const opened = await openConnection({ open: () => opening });
    releases.push(opened.release);
    await local.accepted();
    expect(local.sockets.length).toBe(1);
  });

  it('turns Nagle off on the socket it opens', async () => {
    const setNoDelay = jest.spyOn(Socket.prototype, 'setNoDelay');
    await open();
    expect(setNoDelay).toHaveBeenCalledWith(true);
  });

  it('makes each write() one socket.write and passes its result on', async () => {
    const write = jest.spyOn(Socket.prototype, 'write');
    const { connection, peer } = await open();
    const received: number[] = [];
    peer.on('data', (chunk: Buffer) => received.push(...chunk));
    expect(connection.write(Uint8Array.of(1, 2, 3))).toBe(true);
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.results[0].value).toBe(true);
    await once(peer, 'data');
    expect(received).toEqual([1, 2, 3]);
  });

  it('reports backpressure: write() is false while the peer does not read, drain$ emits once it does', async () => {
    const { connection, peer } = await open();
    peer.pause();
    const big = new Uint8Array(8 * 1024 * 1024);
    expect(connection.write(big)).toBe(false);
    const drained = firstValueFrom((connection.drain$ as NonNullable<typeof connection.drain$>).pipe(take(1)));
    let received = 0;
    peer.on('data', (chunk: Buffer) => (received += chunk.length));
    peer.resume();
    await drained;
    expect(received).toBeGreaterThan(0);
  });

  it('delivers chunks as Buffers, read through onread, including bytes sent before data$ was subscribed', async () => {
    const { connection, peer } = await open();
    peer.write(Buffer.from([9, 8, 7]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const record = recordData(connection);
    expect(await record.waitForBytes(3)).toEqual([9, 8, 7]);
    expect(record.chunks[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(record.chunks[0])).toBe(true);
  });

  it.each([true, false])("hands over every byte of a long stream intact and in order, each chunk the caller's to keep (paceReads %s)", async (paceReads) => {
    const { connection, peer } = await open(paceReads);
    const record = recordData(connection);
    const sent = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < sent.length; i++) sent[i] = (i * 7 + (i >> 10)) & 0xff;
    // small and large writes: reads both below and above the copy threshold
    for (let at = 0, n = 1; at < sent.length; at += n, n = n === 1 ? 70000 : n === 70000 ? 300 : 1) peer.write(sent.subarray(at, at + n));
    const total = (): number => record.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    for (let waited = 0; total() < sent.length && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    const received = Buffer.concat(record.chunks);
    expect(received.equals(sent)).toBe(true);
  });

  it('completes data$ when the peer ends the connection', async () => {
    const { connection, peer } = await open();
    const record = recordData(connection);
    peer.end(Buffer.from([1]));
    expect(await record.ended()).toBe('complete');
    expect(record.bytes()).toEqual([1]);
  });

  it('errors data$ with CONNECTION_LOST when the peer resets the connection', async () => {
    const { connection, peer } = await open();
    const record = recordData(connection);
    peer.resetAndDestroy();
    const error = (await record.ended()) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECTION_LOST');
    expect(error.message).toBe('connection to 127.0.0.1:' + local.port + ' lost: read ECONNRESET');
  });

  it('replays a loss that happened before data$ was subscribed', async () => {
    const { connection, peer } = await open();
    peer.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = (await recordData(connection).ended()) as TransportError;
    expect(error.code).toBe('CONNECTION_LOST');
  });

  it('close() flushes, ends the socket and completes data$ once the peer closes; later writes return false', async () => {
    const { connection, peer } = await open();
    const record = recordData(connection);
    const received: number[] = [];
    peer.on('data', (chunk: Buffer) => received.push(...chunk));
    connection.write(Uint8Array.of(0xe0, 0));
    connection.close();
    connection.close(); // idempotent
    await once(peer, 'end');
    expect(received).toEqual([0xe0, 0]);
    peer.end();
    expect(await record.ended()).toBe('complete');
    expect(connection.write(Uint8Array.of(1))).toBe(false);
  });

  it('destroys the socket when open() is unsubscribed', async () => {
    const { peer, release } = await open();
    const closed = once(peer, 'close');
    release();
    await closed;
    expect(peer.destroyed).toBe(true);
  });

  it('fails open() with CONNECT_FAILED naming host:port and the cause on a refused connection', async () => {
    const port = local.port;
    await local.close();
    const error = (await openError(tcpTransport({ host: '127.0.0.1', port }))) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe('cannot connect to 127.0.0.1:' + port + ': connect ECONNREFUSED 127.0.0.1:' + port);
    local = await startLocalTcpServer(); // for afterEach
  });
});
