import { connect, Server, Socket } from 'node:net';
import { encodePacket, Packet, PacketDecoder } from '../../../lib/codec';
import { PeerEvent, sinkTopic, sourceFilter, startBenchPeer } from '../../../bench/support/bench-peer';

/** A plain socket to the peer that decodes what it hears. */
function client(port: number): Promise<{ socket: Socket; packets: Packet[]; send(p: Packet): void; until(n: number): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const decoder = new PacketDecoder({ maxPacketSize: 1 << 20 });
    const packets: Packet[] = [];
    let wait: { n: number; done: () => void } | null = null;
    socket.on('data', (chunk) => {
      decoder.push(chunk).forEach((p) => packets.push(p));
      if (wait !== null && packets.length >= wait.n) wait.done();
    });
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        packets,
        send: (p) => socket.write(encodePacket(p)),
        until: (n) =>
          new Promise<void>((done) => {
            if (packets.length >= n) return done();
            wait = { n, done };
          }),
      }),
    );
  });
}

describe('the client-bound bench peer', () => {
  let server: Server;
  let port: number;
  const events: PeerEvent[] = [];
  const sockets: Socket[] = [];
  beforeAll(async () => {
    const peer = await startBenchPeer((e) => events.push(e));
    server = peer.server;
    port = peer.port;
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.destroy()));
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('answers CONNECT and PINGREQ, acknowledges QoS 1 PUBLISHes and reports when a sink has its count', async () => {
    const c = await client(port);
    sockets.push(c.socket);
    c.send({ type: 'connect', clientId: 'p', keepalive: 0, clean: true });
    await c.until(1);
    expect(c.packets[0]).toMatchObject({ type: 'connack', returnCode: 0 });
    const topic = sinkTopic(3, 'one');
    [1, 2, 3].forEach((id) => c.send({ type: 'publish', topic, payload: new Uint8Array(8), qos: 1, retain: false, dup: false, packetId: id }));
    await c.until(4);
    c.send({ type: 'pingreq' });
    await c.until(5);
    expect(c.packets.slice(1).map((p) => p.type + ('packetId' in p ? ' ' + p.packetId : ''))).toEqual(['puback 1', 'puback 2', 'puback 3', 'pingresp']);
    expect(events.filter((e) => e.tag === 'one').map((e) => e.event)).toEqual(['sink-done']);
  });

  it('streams a source: SUBACK, a 1-byte probe, then count PUBLISHes of the size, QoS 1 held to its window until acknowledged', async () => {
    const c = await client(port);
    sockets.push(c.socket);
    c.send({ type: 'connect', clientId: 's', keepalive: 0, clean: true });
    const filter = sourceFilter(1, 100, 1500, 'two');
    c.send({ type: 'subscribe', packetId: 9, subscriptions: [{ topic: filter, qos: 1 }] });
    // CONNACK, SUBACK, probe, then the window of 1,000: nothing more without PUBACKs
    await c.until(3 + 1000);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.packets.length).toBe(1003);
    expect(c.packets[1]).toMatchObject({ type: 'suback', packetId: 9, granted: [1] });
    expect(c.packets[2]).toMatchObject({ type: 'publish', topic: filter, qos: 0 });
    const published = () => c.packets.slice(3) as Array<Extract<Packet, { type: 'publish' }>>;
    published().forEach((p) => c.send({ type: 'puback', packetId: p.packetId as number }));
    await c.until(3 + 1500);
    expect(published().every((p) => p.topic === filter && p.qos === 1 && p.payload.length === 100)).toBe(true);
    expect(new Set(published().slice(0, 1000).map((p) => p.packetId)).size).toBe(1000);
    expect(events.filter((e) => e.tag === 'two').map((e) => e.event)).toEqual(['source-start']);
  });
});
