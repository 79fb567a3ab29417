import { createConnection, Socket } from 'node:net';
import { startEmbeddedBroker, EmbeddedBroker } from '../../../lib/cli/embedded-broker';

/** CONNECT, protocol level 4, clean session, keepalive 10 s, a short ASCII client id. */
function connectPacket(clientId: string): Uint8Array {
  const id = Array.from(Buffer.from(clientId));
  return Uint8Array.from([0x10, 12 + id.length, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 10, 0, id.length, ...id]);
}

function mqttProbe(port: number, clientId = 'probe'): Promise<{ socket: Socket; connack: number[] }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(connectPacket(clientId)));
    socket.once('data', (chunk) => resolve({ socket, connack: Array.from(chunk) }));
    socket.once('error', reject);
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

describe('startEmbeddedBroker', () => {
  let broker: EmbeddedBroker | undefined;
  afterEach(async () => {
    if (broker) await broker.stop();
    broker = undefined;
  });

  it('listens on a free loopback port and answers CONNECT with CONNACK 0', async () => {
    broker = await startEmbeddedBroker();
    expect(broker.host).toBe('127.0.0.1');
    expect(broker.port).toBeGreaterThan(0);
    expect(broker.url).toBe('mqtt://127.0.0.1:' + broker.port);
    const { socket, connack } = await mqttProbe(broker.port);
    expect(connack).toEqual([0x20, 2, 0, 0]);
    socket.destroy();
  });

  it('cuts every client connection on demand and keeps accepting new ones', async () => {
    broker = await startEmbeddedBroker();
    const a = await mqttProbe(broker.port, 'one');
    const b = await mqttProbe(broker.port, 'two');
    expect(broker.connectionCount()).toBe(2);
    expect(broker.cutConnections()).toBe(2);
    await Promise.all([closed(a.socket), closed(b.socket)]);
    expect(broker.connectionCount()).toBe(0);
    const c = await mqttProbe(broker.port);
    expect(c.connack).toEqual([0x20, 2, 0, 0]);
    c.socket.destroy();
  });

  it('outage(ms): cuts every connection and closes new ones until the time has passed', async () => {
    broker = await startEmbeddedBroker();
    const { socket } = await mqttProbe(broker.port, 'before');
    expect(broker.outage(300)).toBe(1);
    await closed(socket);
    const refused = createConnection({ host: '127.0.0.1', port: broker.port });
    refused.on('error', () => undefined);
    await closed(refused);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const after = await mqttProbe(broker.port, 'after');
    expect(after.connack).toEqual([0x20, 2, 0, 0]);
    after.socket.destroy();
  });

  it('serves a stream handed to it (a WebSocket) like a TCP connection, and cuts it too', async () => {
    broker = await startEmbeddedBroker();
    const { Duplex } = await import('node:stream');
    const answers: number[] = [];
    let ended = false;
    const stream = new Duplex({
      read: () => undefined,
      write: (chunk: Buffer, _encoding, done) => {
        answers.push(...Array.from(chunk));
        done();
      },
    });
    stream.once('close', () => (ended = true));
    broker.handleStream(stream);
    stream.push(Buffer.from(connectPacket('streamed')));
    for (let i = 0; i < 50 && answers.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answers).toEqual([0x20, 2, 0, 0]);
    expect(broker.connectionCount()).toBe(1);
    expect(broker.cutConnections()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ended).toBe(true);
  });

  it('cuts one client by its id', async () => {
    broker = await startEmbeddedBroker();
    const a = await mqttProbe(broker.port, 'one');
    const b = await mqttProbe(broker.port, 'two');
    expect(broker.cutClient('one')).toBe(true);
    await closed(a.socket);
    expect(b.socket.destroyed).toBe(false);
    expect(broker.cutClient('one')).toBe(false);
    expect(broker.cutClient('nobody')).toBe(false);
    expect(broker.connectionCount()).toBe(1);
    b.socket.destroy();
  });

  it('stops: closes connections and the listener; stop() is idempotent', async () => {
    const started = await startEmbeddedBroker();
    const { socket } = await mqttProbe(started.port);
    await Promise.all([started.stop(), started.stop(), closed(socket)]);
    await expect(mqttProbe(started.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('uses a given port and rejects when it is taken', async () => {
    broker = await startEmbeddedBroker();
    await expect(startEmbeddedBroker({ port: broker.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('rejects a port out of range with a RangeError', async () => {
    await expect(startEmbeddedBroker({ port: 70000 })).rejects.toThrow(new RangeError('port must be an integer in 0..65535, got 70000'));
  });

  it('reports client events when asked', async () => {
    const lines: string[] = [];
    broker = await startEmbeddedBroker({ onEvent: (line) => lines.push(line) });
    const { socket } = await mqttProbe(broker.port);
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toEqual(['client probe connected', 'client probe disconnected']);
  });
});
