import { connect, Socket } from 'node:net';
import { encodePacket, Packet, PacketDecoder } from '../../../lib/codec';
import { PeerEvent, sinkTopic, sourceFilter, startBenchPeer } from '../../../bench/support/bench-peer';
import { compileNativePeer, startNativePeer } from '../../../bench/support/native-peer';

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

/** Starts a peer that reports to `notify`; resolves to its port and how to stop it. */
type StartPeer = (notify: (event: PeerEvent) => void) => Promise<{ port: number; stop(): Promise<void> }>;

const startNodePeer: StartPeer = async (notify) => {
  const peer = await startBenchPeer(notify);
  return { port: peer.port, stop: () => new Promise<void>((done) => peer.server.close(() => done())) };
};

// the C peer is compiled here as the bench compiles it; without a C compiler only the Node peer is checked
const nativeBuild = compileNativePeer();
const startCompiledPeer: StartPeer = async (notify) => {
  if (nativeBuild.binary === null) throw new Error(nativeBuild.reason);
  const peer = await startNativePeer(nativeBuild.binary, notify);
  return { port: peer.port, stop: () => peer.stop() };
};
afterAll(() => {
  if (nativeBuild.binary !== null) nativeBuild.remove();
});

const peers: Array<[string, StartPeer]> = [['Node', startNodePeer]];
if (nativeBuild.binary !== null) peers.push(['native (C)', startCompiledPeer]);

describe.each(peers)('the client-bound bench peer, %s', (_kind, start) => {
  let stop: () => Promise<void>;
  let port: number;
  const events: PeerEvent[] = [];
  const sockets: Socket[] = [];
  beforeAll(async () => {
    const peer = await start((e) => events.push(e));
    stop = peer.stop;
    port = peer.port;
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.destroy()));
  afterAll(() => stop());

  it('answers CONNECT, UNSUBSCRIBE and PINGREQ, acknowledges QoS 1 PUBLISHes and reports when a sink has its count', async () => {
    const c = await client(port);
    sockets.push(c.socket);
    c.send({ type: 'connect', clientId: 'p', keepalive: 0, clean: true });
    await c.until(1);
    expect(c.packets[0]).toMatchObject({ type: 'connack', returnCode: 0 });
    const topic = sinkTopic(3, 'one');
    [1, 2, 3].forEach((id) => c.send({ type: 'publish', topic, payload: new Uint8Array(8), qos: 1, retain: false, dup: false, packetId: id }));
    await c.until(4);
    c.send({ type: 'pingreq' });
    c.send({ type: 'unsubscribe', packetId: 7, topics: ['some/filter'] });
    await c.until(6);
    expect(c.packets.slice(1).map((p) => p.type + ('packetId' in p ? ' ' + p.packetId : ''))).toEqual(['puback 1', 'puback 2', 'puback 3', 'pingresp', 'unsuback 7']);
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

  it('frames large PUBLISHes split anywhere across reads, and streams a large QoS 0 source whole', async () => {
    const c = await client(port);
    sockets.push(c.socket);
    c.send({ type: 'connect', clientId: 'l', keepalive: 0, clean: true });
    await c.until(1);
    const topic = sinkTopic(40, 'three');
    const one = encodePacket({ type: 'publish', topic, payload: new Uint8Array(5000), qos: 1, retain: false, dup: false, packetId: 7 });
    const all = Buffer.concat(Array.from({ length: 40 }, () => one));
    // odd-sized writes with pauses, so packets and their headers straddle the peer's reads
    for (let at = 0; at < all.length; at += 3001) {
      c.socket.write(all.subarray(at, Math.min(all.length, at + 3001)));
      if (at % 9 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    await c.until(41);
    expect(c.packets.slice(1).every((p) => p.type === 'puback' && p.packetId === 7)).toBe(true);
    expect(events.filter((e) => e.tag === 'three').map((e) => e.event)).toEqual(['sink-done']);
    const filter = sourceFilter(0, 4096, 300, 'four');
    c.send({ type: 'subscribe', packetId: 2, subscriptions: [{ topic: filter, qos: 0 }] });
    await c.until(41 + 2 + 300);
    const streamed = c.packets.slice(43) as Array<Extract<Packet, { type: 'publish' }>>;
    expect(streamed.every((p) => p.type === 'publish' && p.topic === filter && p.qos === 0 && p.payload.length === 4096)).toBe(true);
  });
});
