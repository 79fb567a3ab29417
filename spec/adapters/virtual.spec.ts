import { firstValueFrom, map, Observable, toArray, take } from 'rxjs';
import { VirtualBroker } from '../../adapters/virtual';
import { encodePacket } from '../../lib/codec/encode';
import { PacketDecoder } from '../../lib/codec/decoder';
import type { Packet } from '../../lib/codec/packet';
import { createClient } from '../../lib/client/create-client';
import type { Connection } from '../../lib/client/transport';
import { shaped, testScheduler, text } from '../lib/client/support/harness';

/** A hand-driven client: writes packets, reads the broker's packets as they come. */
function rawClient(broker: VirtualBroker): { send: (p: Packet) => void; packets: Packet[]; closed: () => boolean; connection: Connection } {
  let connection!: Connection;
  broker.transport.open().subscribe((c) => (connection = c)); // stays subscribed: unsubscribing closes the link
  const decoder = new PacketDecoder();
  const packets: Packet[] = [];
  let done = false;
  connection.data$.subscribe({ next: (b) => packets.push(...decoder.push(b)), complete: () => (done = true), error: () => (done = true) });
  return { send: (p) => connection.write(encodePacket(p)), packets, closed: () => done, connection };
}

const tick = (ms = 1): Promise<void> => new Promise((r) => setTimeout(r, ms));
const connect = (clientId: string, extra?: object): Packet => Object.assign({ type: 'connect', clientId, keepalive: 0, clean: true }, extra) as Packet;

describe('VirtualBroker', () => {
  it('routes PUBLISHes between its clients like a broker, at the lower of the two QoS', async () => {
    const broker = new VirtualBroker();
    const a = createClient({ transport: broker.transport, clientId: 'a' });
    const b = createClient({ transport: broker.transport, clientId: 'b' });
    await firstValueFrom(a.connect());
    await firstValueFrom(b.connect());
    const got = firstValueFrom(a.topic('room/+', { qos: 1 }).pipe(take(2), toArray()));
    await tick();
    await firstValueFrom(b.publish('room/1', 'hello', { qos: 1 }));
    await firstValueFrom(b.publish('hall/1', 'nobody'));
    await firstValueFrom(b.publish('room/2', 'bye'));
    expect((await got).map((m) => [text(m), m.qos])).toEqual([['room/1=hello', 1], ['room/2=bye', 0]]);
    await firstValueFrom(a.disconnect());
    await firstValueFrom(b.disconnect());
  });

  it('keeps retained messages for later subscribers; an empty retained payload clears one', async () => {
    const broker = new VirtualBroker();
    broker.publish('cfg/a', 'A', { retain: true });
    broker.publish('cfg/b', 'B', { retain: true, qos: 1 });
    broker.publish('cfg/b', '', { retain: true });
    const client = createClient({ transport: broker.transport });
    await firstValueFrom(client.connect());
    const first = await firstValueFrom(client.topic('cfg/#'));
    expect([text(first), first.retain]).toEqual(['cfg/a=A', true]);
    await firstValueFrom(client.disconnect());
  });

  it('sends the will when a client drops without DISCONNECT, not after DISCONNECT', async () => {
    const broker = new VirtualBroker();
    const watcher = createClient({ transport: broker.transport, clientId: 'w' });
    await firstValueFrom(watcher.connect());
    const wills: string[] = [];
    watcher.topic('wills/#').subscribe((m) => wills.push(text(m)));
    const will = { topic: 'wills/x', payload: 'x died' };
    const polite = createClient({ transport: broker.transport, clientId: 'polite', will });
    const rude = createClient({ transport: broker.transport, clientId: 'rude', reconnect: false, will: { topic: 'wills/y', payload: 'y died' } });
    await firstValueFrom(polite.connect());
    await firstValueFrom(rude.connect());
    await firstValueFrom(polite.disconnect());
    broker.cut('rude');
    await tick();
    expect(wills).toEqual(['wills/y=y died']);
    expect(broker.connectionCount).toBe(1);
    await firstValueFrom(watcher.disconnect());
  });

  it('keeps a persistent session (clean false): subscriptions survive and CONNACK says sessionPresent', async () => {
    const broker = new VirtualBroker();
    const first = rawClient(broker);
    first.send(connect('keeper', { clean: false }));
    first.send({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'k/#', qos: 1 }] });
    await tick();
    first.send({ type: 'disconnect' });
    await tick();
    const second = rawClient(broker);
    second.send(connect('keeper', { clean: false }));
    await tick();
    broker.publish('k/1', 'kept', { qos: 1 });
    await tick();
    expect(first.packets.map((p) => p.type)).toEqual(['connack', 'suback']);
    expect(second.packets).toEqual([
      { type: 'connack', sessionPresent: true, returnCode: 0 },
      { type: 'publish', topic: 'k/1', payload: Uint8Array.from(Buffer.from('kept')), qos: 1, retain: false, dup: false, packetId: 1 },
    ]);
    const third = rawClient(broker);
    third.send(connect('keeper', { clean: true }));
    await tick();
    expect(third.packets[0]).toEqual({ type: 'connack', sessionPresent: false, returnCode: 0 });
    expect(second.closed()).toBe(true); // taken over [MQTT-3.1.4-2]
  });

  it('answers QoS 2 publications with PUBREC then PUBCOMP, delivering once', async () => {
    const broker = new VirtualBroker();
    const seen: string[] = [];
    broker.received$.pipe(map((p) => p.type)).subscribe((t) => seen.push(t));
    const sub = createClient({ transport: broker.transport });
    await firstValueFrom(sub.connect());
    const got = firstValueFrom(sub.topic('q2', { qos: 2 }).pipe(take(1)));
    await tick();
    const raw = rawClient(broker);
    raw.send(connect('raw'));
    const publish: Packet = { type: 'publish', topic: 'q2', payload: Uint8Array.of(1), qos: 2, retain: false, dup: false, packetId: 3 };
    raw.send(publish);
    raw.send(Object.assign({}, publish, { dup: true }));
    raw.send({ type: 'pubrel', packetId: 3 });
    await tick();
    expect(raw.packets.map((p) => p.type)).toEqual(['connack', 'pubrec', 'pubrec', 'pubcomp']);
    expect((await got).qos).toBe(2);
    expect(seen.filter((t) => t === 'pubrec' || t === 'pubcomp')).toEqual(['pubrec']); // the client's PUBREC; PUBCOMP came from it after our PUBREL
    await firstValueFrom(sub.disconnect());
  });

  it('closes a connection whose first packet is not CONNECT [MQTT-3.1.0-1], and one sending garbage', async () => {
    const broker = new VirtualBroker();
    const raw = rawClient(broker);
    raw.send({ type: 'pingreq' });
    expect(raw.closed()).toBe(true);
    const garbage = rawClient(broker);
    garbage.connection.write(Uint8Array.of(0xf0, 0));
    expect(garbage.closed()).toBe(true);
    expect(broker.connectionCount).toBe(0);
  });

  it('records what it received, with time and client id; scripting hooks change its answers', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const broker = new VirtualBroker({ delay: 2 });
      const client = createClient({ transport: broker.transport, clientId: 'rec', keepalive: 0 });
      expectObservable(client.connect()).toBe('--(x|)', { x: { sessionPresent: false, reasonCode: 0, properties: {} } });
      cold('----x').subscribe(() => {
        broker.answers.puback = false;
        client.publish('t', 'x', { qos: 1 }).subscribe({ error: () => undefined });
      });
      cold('------x').subscribe(() => client.disconnect({ force: true }).subscribe());
      flush();
      expect(broker.received.map((r) => [r.time, r.clientId, r.packet.type])).toEqual([
        [0, 'rec', 'connect'],
        [4, 'rec', 'publish'],
        [6, 'rec', 'disconnect'],
      ]);
      expect(broker.packets('publish')[0]).toMatchObject({ topic: 't', qos: 1, packetId: 1 });
    });
  });

  it('refuses connections while told to, and CONNECTs with a return code while connackCode is set', () => {
    testScheduler().run(({ expectObservable }) => {
      const broker = new VirtualBroker();
      broker.connackCode = 5;
      const client = createClient({ transport: broker.transport });
      expectObservable(shaped(client.connect())).toBe('#', undefined, {
        name: 'ConnectionRefusedError',
        code: 'CONNECTION_REFUSED',
        message: 'connection refused: not authorised (return code 5)',
        returnCode: 5,
        reason: 'not authorised',
      });
    });
  });

  it('runs an application without a real broker (simulation mode): inject messages, watch its publications', async () => {
    const broker = new VirtualBroker();
    const app = createClient({ transport: broker.transport, clientId: 'sensor' });
    // the "application": answers each command with a status publication
    app.topic('cmd/+').subscribe((m) => app.publish('status/' + m.topic.slice(4), 'done').subscribe());
    const statuses = firstValueFrom(
      new Observable<Packet>((s) => broker.received$.subscribe(s)).pipe(
        map((p) => (p.type === 'publish' ? p.topic : '')),
        take(4),
        toArray(),
      ),
    );
    await firstValueFrom(app.connect());
    await tick();
    broker.publish('cmd/led', 'on');
    broker.publish('cmd/fan', 'off');
    await tick();
    expect((await statuses).filter((t) => t !== '')).toEqual(['status/led', 'status/fan']);
    await firstValueFrom(app.disconnect());
  });
});
