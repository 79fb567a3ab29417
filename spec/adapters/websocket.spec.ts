import { createServer as createHttpServer } from 'node:http';
import { AddressInfo, createServer as createTcpServer, Socket } from 'node:net';
import { firstValueFrom, take } from 'rxjs';
import { WebSocket as WsSocket, WebSocketServer } from 'ws';
import { websocketTransport } from '../../adapters/websocket';
import { TransportError } from '../../lib/errors';
import { openConnection, openError, recordData } from './support/connection-probe';
import { FakeWebSocket } from './support/fake-websocket';
import { until } from '../support/until';

interface Frame {
  data: Buffer;
  isBinary: boolean;
}

describe('websocketTransport', () => {
  let server: WebSocketServer;
  let url: string;
  let offered: string[];
  let paths: string[];
  let peers: WsSocket[];
  let frames: Frame[];
  let selectProtocol: (protocols: Set<string>) => string | false;

  beforeEach(async () => {
    offered = [];
    paths = [];
    peers = [];
    frames = [];
    selectProtocol = (protocols) => (protocols.has('mqtt') ? 'mqtt' : false);
    server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => {
        offered = Array.from(protocols);
        return selectProtocol(protocols);
      },
    });
    server.on('connection', (socket, request) => {
      peers.push(socket);
      paths.push(String(request.url));
      socket.on('message', (data: Buffer, isBinary: boolean) => frames.push({ data, isBinary }));
    });
    await new Promise((resolve) => server.once('listening', resolve));
    url = 'ws://127.0.0.1:' + (server.address() as AddressInfo).port + '/mqtt';
  });

  afterEach(async () => {
    for (let i = 0; i < peers.length; i++) peers[i].terminate();
    await new Promise((resolve) => server.close(resolve));
    FakeWebSocket.instances = [];
  });

  it.each([undefined, '', 'http://127.0.0.1/', 'mqtt://127.0.0.1'])('rejects url %j at call time with a TypeError', (bad) => {
    expect(() => websocketTransport({ url: bad as unknown as string })).toThrow(TypeError);
    expect(() => websocketTransport({ url: bad as unknown as string })).toThrow('url must be a ws:// or wss:// URL, got ' + JSON.stringify(bad));
  });

  it('offers the mqtt subprotocol on the given path and sends each write as one binary frame', async () => {
    const { connection, release } = await openConnection(websocketTransport({ url }));
    try {
      expect(offered).toEqual(['mqtt']);
      expect(paths).toEqual(['/mqtt']);
      expect(connection.write(Uint8Array.of(0xc0, 0))).toBe(true);
      expect(connection.write(Uint8Array.of(0xe0, 0))).toBe(true);
      await until(() => frames.length === 2);
      expect(frames.map((f) => [f.isBinary, Array.from(f.data)])).toEqual([
        [true, [0xc0, 0]],
        [true, [0xe0, 0]],
      ]);
    } finally {
      release();
    }
  });

  it('delivers binary messages as Uint8Array views, in order', async () => {
    const { connection, release } = await openConnection(websocketTransport({ url }));
    try {
      const record = recordData(connection);
      await until(() => peers.length === 1);
      peers[0].send(Buffer.from([0x20, 2]));
      peers[0].send(Buffer.from([0, 0, 0xd0, 0]));
      expect(await record.waitForBytes(6)).toEqual([0x20, 2, 0, 0, 0xd0, 0]);
      expect(record.chunks[0]).toBeInstanceOf(Uint8Array);
    } finally {
      release();
    }
  });

  it('completes data$ when the server closes and errors it with CONNECTION_LOST on a text frame', async () => {
    const first = await openConnection(websocketTransport({ url }));
    const firstRecord = recordData(first.connection);
    await until(() => peers.length === 1);
    peers[0].close(1000);
    expect(await firstRecord.ended()).toBe('complete');
    first.release();

    const second = await openConnection(websocketTransport({ url }));
    const secondRecord = recordData(second.connection);
    await until(() => peers.length === 2);
    peers[1].send('not binary');
    const error = (await secondRecord.ended()) as TransportError;
    expect(error.code).toBe('CONNECTION_LOST');
    expect(error.message).toMatch(/\[MQTT-6\.0\.0-1\]$/);
    second.release();
  });

  it('applies bufferedAmount backpressure: write() false while the server does not read, drain$ once it does', async () => {
    const { connection, release } = await openConnection(websocketTransport({ url, highWaterMark: 1024 }));
    try {
      await until(() => peers.length === 1);
      const raw = (peers[0] as unknown as { _socket: Socket })._socket;
      raw.pause();
      expect(connection.write(new Uint8Array(8 * 1024 * 1024))).toBe(false);
      const drained = firstValueFrom((connection.drain$ as NonNullable<typeof connection.drain$>).pipe(take(1)));
      raw.resume();
      await drained;
      await until(() => frames.length === 1, 5000);
      expect(frames[0].data.length).toBe(8 * 1024 * 1024);
    } finally {
      release();
    }
  });

  it('fails with CONNECT_FAILED when the server does not accept the mqtt subprotocol', async () => {
    selectProtocol = () => false;
    const error = (await openError(websocketTransport({ url }))) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe('cannot connect to ' + url + ': Server sent no subprotocol');
  });

  it('fails with CONNECT_FAILED naming the HTTP status when the server refuses the upgrade', async () => {
    const http = createHttpServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
    const httpUrl = 'ws://127.0.0.1:' + (http.address() as AddressInfo).port + '/mqtt';
    try {
      const error = (await openError(websocketTransport({ url: httpUrl }))) as TransportError;
      expect(error.code).toBe('CONNECT_FAILED');
      expect(error.message).toBe('cannot connect to ' + httpUrl + ': Unexpected server response: 404');
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('fails with CONNECT_FAILED after connectTimeout when the upgrade never comes', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentUrl = 'ws://127.0.0.1:' + (silent.address() as AddressInfo).port + '/mqtt';
    try {
      const error = (await openError(websocketTransport({ url: silentUrl, connectTimeout: 60 }))) as TransportError;
      expect(error.code).toBe('CONNECT_FAILED');
      expect(error.message).toMatch(/^cannot connect to ws:\/\/127\.0\.0\.1:\d+\/mqtt: (no connection within 60 ms|Opening handshake has timed out)$/);
    } finally {
      for (let i = 0; i < sockets.length; i++) sockets[i].destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('uses the WebSocket class it is given instead of ws', () => {
    const transport = websocketTransport({ url, WebSocket: FakeWebSocket, protocols: ['mqtt', 'mqttv3.1'] });
    const subscription = transport.open().subscribe();
    expect(FakeWebSocket.last().url).toBe(url);
    expect(FakeWebSocket.last().protocols).toEqual(['mqtt', 'mqttv3.1']);
    expect(FakeWebSocket.last().binaryType).toBe('arraybuffer');
    subscription.unsubscribe();
  });

  it('uses the native globalThis.WebSocket outside Node', () => {
    const versions = process.versions;
    const globals = globalThis as { WebSocket?: unknown };
    const native = globals.WebSocket;
    let transport;
    try {
      Object.defineProperty(process, 'versions', { value: { ...versions, node: undefined }, configurable: true });
      globals.WebSocket = FakeWebSocket;
      transport = websocketTransport({ url });
    } finally {
      Object.defineProperty(process, 'versions', { value: versions, configurable: true });
      globals.WebSocket = native;
    }
    const subscription = transport.open().subscribe();
    expect(FakeWebSocket.instances.length).toBe(1);
    expect(FakeWebSocket.last().protocols).toEqual(['mqtt']);
    subscription.unsubscribe();
  });
});
