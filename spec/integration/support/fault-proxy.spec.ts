import { createConnection, createServer, Server, Socket } from 'node:net';
import { FaultProxy, startFaultProxy } from './fault-proxy';
import { until } from '../../support/until';

/** A tiny echo server on 127.0.0.1 that remembers its sockets. */
function startEcho(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  return new Promise((resolve) => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.pipe(socket);
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, sockets });
    });
  });
}

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Writes `text` and resolves with what comes back once `text.length` bytes arrived. */
function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.toString();
      if (received.length >= text.length) {
        socket.removeListener('data', onData);
        resolve(received);
      }
    };
    socket.on('data', onData);
    socket.write(text);
  });
}

function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let code = 'none';
    socket.on('error', (error: NodeJS.ErrnoException) => {
      code = error.code || 'unknown';
    });
    if (socket.destroyed) resolve(code);
    else socket.once('close', () => resolve(code));
  });
}

describe('startFaultProxy', () => {
  let echo: { server: Server; port: number; sockets: Socket[] };
  let proxy: FaultProxy;
  const clients: Socket[] = [];

  beforeEach(async () => {
    echo = await startEcho();
    proxy = await startFaultProxy({ targetPort: echo.port });
  });

  afterEach(async () => {
    for (let i = 0; i < clients.length; i++) clients[i].destroy();
    clients.length = 0;
    await proxy.close();
    await new Promise<void>((resolve) => {
      for (let i = 0; i < echo.sockets.length; i++) echo.sockets[i].destroy();
      echo.server.close(() => resolve());
    });
  });

  async function client(): Promise<Socket> {
    const socket = await connect(proxy.port);
    clients.push(socket);
    return socket;
  }

  it('forwards bytes both ways and counts its links', async () => {
    const a = await client();
    const b = await client();
    expect(await roundTrip(a, 'hello')).toBe('hello');
    expect(await roundTrip(b, 'world')).toBe('world');
    expect(proxy.connections).toBe(2);
    expect(proxy.accepted).toBe(2);
  });

  it('cutAll() resets every live link on both sides', async () => {
    const a = await client();
    await roundTrip(a, 'x');
    const clientSide = closed(a);
    const serverSide = closed(echo.sockets[0]);
    proxy.cutAll();
    expect(await clientSide).toBe('ECONNRESET');
    expect(await serverSide).toBe('ECONNRESET');
    expect(proxy.connections).toBe(0);
    expect(proxy.accepted).toBe(1);
    // The proxy still accepts new links afterwards.
    expect(await roundTrip(await client(), 'again')).toBe('again');
  });

  it('stall(ms) holds traffic for that long, then delivers it intact', async () => {
    const a = await client();
    await roundTrip(a, 'warm');
    const started = Date.now();
    const stalled = proxy.stall(300);
    const echoed = roundTrip(a, 'held back');
    const late = await client(); // a link made during the stall is held too
    const lateEcho = roundTrip(late, 'late');
    expect(await echoed).toBe('held back');
    expect(await lateEcho).toBe('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    await stalled;
    const after = Date.now();
    expect(await roundTrip(a, 'free')).toBe('free');
    expect(Date.now() - after).toBeLessThan(250);
  });

  it('refuseNew(true) refuses new connections and keeps live ones; refuseNew(false) accepts again', async () => {
    const a = await client();
    await proxy.refuseNew(true);
    await expect(connect(proxy.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await roundTrip(a, 'still here')).toBe('still here');
    await proxy.refuseNew(false);
    expect(await roundTrip(await client(), 'back')).toBe('back');
    expect(proxy.accepted).toBe(2);
  });

  it('passes a half-close on and forgets the link once both sides closed', async () => {
    const a = await client();
    await roundTrip(a, 'bye');
    const serverSide = closed(echo.sockets[0]);
    a.end();
    expect(await serverSide).toBe('none');
    await until(() => proxy.connections === 0);
  });

  it('close() cuts the links and stops listening', async () => {
    const a = await client();
    const clientSide = closed(a);
    await proxy.close();
    expect(await clientSide).toBe('ECONNRESET');
    await expect(connect(proxy.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
