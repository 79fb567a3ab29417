import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { ConnectPacket } from '../../lib/codec/packet';
import { createFakeEspruinoNet, FakeEspruinoNet } from '../support/fake-espruino-net';
import { createMqttResponder, MqttResponder } from '../support/mqtt-responder';
import { buildEspruinoBundleForSpecs, EspruinoVm, loadEspruinoBundle } from './espruino-vm';
import { countsSince, probeRxjs } from './rxjs-probe';


/** The bundle's objects as the spec sees them (they live in the vm's realm). */
interface VmSubscription { unsubscribe(): void }
interface VmObservable<T> {
  subscribe(observer: { next?: (value: T) => void; error?: (error: unknown) => void; complete?: () => void }): VmSubscription;
}
interface VmMessage { topic: string; payload: Uint8Array; qos: number }
interface VmClient {
  connect(): VmObservable<{ sessionPresent: boolean }>;
  state$: VmObservable<{ status: string }>;
  topic(filter: string, options?: { qos?: number }): VmObservable<VmMessage>;
  publish(topic: string, payload: string | Uint8Array, options?: { qos?: 0 | 1 }): VmObservable<{ ok: boolean }>;
  disconnect(): VmObservable<void>;
  readonly stats: { resends: number; discards: number; offlineDrops: number; reconnects: number };
}
type CreateClient = (options: object) => VmClient;

/** Resolves the values of `observable` once it completes; rejects with its error. */
function settle<T>(observable: VmObservable<T>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const values: T[] = [];
    observable.subscribe({ next: (v) => values.push(v), error: reject, complete: () => resolve(values) });
  });
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** One device: the bundle in a vm, a fake `net` and `tls` answered by one responder. */
interface Device {
  vm: EspruinoVm;
  net: FakeEspruinoNet;
  tls: FakeEspruinoNet;
  responder: MqttResponder;
  createClient: CreateClient;
}

/** Publishes `count` QoS 1 messages one after the other, each after the previous PUBACK. */
function roundTrips(client: VmClient, topic: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const next = (): void => {
      if (sent === count) {
        resolve();
        return;
      }
      sent++;
      client.publish(topic, 'reading ' + sent, { qos: 1 }).subscribe({ error: reject, complete: next });
    };
    next();
  });
}

/** heapUsed after full collections (V8's gc exposed for this process). */
function heapAfterGc(gc: () => void): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

describe('createClient of dist/rxmqtt.espruino.js in an Espruino-like vm', () => {
  const bundle = buildEspruinoBundleForSpecs();

  // A client a failed test left connected would keep its keepalive timer running.
  let clients: VmClient[] = [];
  afterEach(() => {
    for (const client of clients) client.disconnect().subscribe({ error: () => undefined });
    clients = [];
  });

  function device(): Device {
    const responder = createMqttResponder();
    const net = createFakeEspruinoNet({ onConnection: (peer) => responder.accept(peer) });
    const tls = createFakeEspruinoNet({ onConnection: (peer) => responder.accept(peer) });
    const loaded = loadEspruinoBundle(bundle(), { net, tls });
    const create = loaded.exports.createClient as CreateClient;
    const createClient: CreateClient = (options) => {
      const client = create(options);
      clients.push(client);
      return client;
    };
    return { vm: loaded, net, tls, responder, createClient };
  }

  it('{ host, port }: connects through net, subscribes, publishes QoS 0 and 1 and receives both', async () => {
    const d = device();
    const client = d.createClient({ host: '192.168.1.2', port: 1883, clientId: 'esp32', keepalive: 30 });
    expect(await settle(client.connect())).toEqual([{ sessionPresent: false, reasonCode: 0, properties: {} }]);
    expect(d.net.peers.map((p) => p.options)).toEqual([{ host: '192.168.1.2', port: 1883 }]);
    expect((d.responder.connects[0] as ConnectPacket).clientId).toBe('esp32');
    expect(d.vm.required).toEqual(['net']);

    const received: VmMessage[] = [];
    const subscription = client.topic('sensors/+/temp', { qos: 1 }).subscribe({ next: (m) => received.push(m) });
    await turn();
    expect(d.responder.counts.subscribe).toBe(1);
    await settle(client.publish('sensors/a/temp', '21.5'));
    const results = await settle(client.publish('sensors/b/temp', '22.0', { qos: 1 }));
    expect(results.map((r) => r.ok)).toEqual([true]);
    await turn();
    expect(received.map((m) => [m.topic, text(m.payload), m.qos])).toEqual([
      ['sensors/a/temp', '21.5', 0],
      ['sensors/b/temp', '22.0', 1],
    ]);
    expect(received[0].payload instanceof (d.vm.run('Uint8Array') as typeof Uint8Array)).toBe(true);
    // the delivered QoS 1 message was acknowledged, and the client's own QoS 1 publish counted once
    expect(d.responder.counts.puback).toBe(1);
    subscription.unsubscribe();
    await turn();
    expect(d.responder.counts.unsubscribe).toBe(1);
    await settle(client.disconnect());
    expect(d.responder.counts.disconnect).toBe(1);
    expect(d.responder.errors).toEqual([]);
  });

  it('mqtt: URLs go through net, mqtts: URLs through tls, with the URL port', async () => {
    const d = device();
    const plain = d.createClient({ url: 'mqtt://10.0.0.5:1884', clientId: 'a' });
    const secure = d.createClient({ url: 'mqtts://10.0.0.5', clientId: 'b', tls: { ca: 'PEM' } });
    await settle(plain.connect());
    await settle(secure.connect());
    expect(d.net.peers.map((p) => p.options)).toEqual([{ host: '10.0.0.5', port: 1884 }]);
    expect(d.tls.peers.map((p) => p.options)).toEqual([{ host: '10.0.0.5', port: 8883 }]);
    await settle(plain.disconnect());
    await settle(secure.disconnect());
  });

  it('a refused connection errors connect() with a TransportError CONNECT_FAILED and state$ says disconnected', async () => {
    const net = createFakeEspruinoNet({ refuse: true });
    const loaded = loadEspruinoBundle(bundle(), { net });
    const client = (loaded.exports.createClient as CreateClient)({ host: 'down', clientId: 'x' });
    const error = await settle(client.connect()).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECT_FAILED', message: 'cannot connect to down:1883: Unable to connect to down:1883' });
    expect(error instanceof (loaded.exports.TransportError as new () => object)).toBe(true);
    const states: string[] = [];
    client.state$.subscribe({ next: (s) => states.push(s.status) }).unsubscribe();
    expect(states).toEqual(['disconnected']);
  });

  it('per message: no RxJS chain but the caller\'s publish(), none for inbound messages', async () => {
    const d = device();
    const client = d.createClient({ host: 'broker', clientId: 'probe' });
    await settle(client.connect());
    const received: VmMessage[] = [];
    client.topic('probe/#', { qos: 1 }).subscribe({ next: (m) => received.push(m) });
    await turn();
    await roundTrips(client, 'probe/out', 50); // warm up
    const probe = probeRxjs(client.state$);
    try {
      const n = 500;
      let before = probe.snapshot();
      await roundTrips(client, 'probe/out', n);
      await turn();
      const outbound = countsSince(before, probe.snapshot());
      // one subscribe per publish(): the caller's own chain; inside, plain callbacks only.
      // Teardowns per round trip: that subscriber, the write flushes (the PUBLISH, the
      // PUBACK of its delivery back) and the PUBACK deadline re-armed on an empty window.
      expect(outbound.subscribe).toBe(n);
      expect(outbound.unsubscribe / n).toBeLessThan(4.1);

      before = probe.snapshot();
      const payload = new Uint8Array([52, 50]);
      for (let i = 0; i < n; i++) {
        d.responder.inject('probe/in', payload, 1);
        await turn();
      }
      await turn();
      const inbound = countsSince(before, probe.snapshot());
      expect(inbound.subscribe || 0).toBe(0);
      // only the flush of each PUBACK
      expect(inbound.unsubscribe / n).toBeLessThan(1.1);
      expect(received.filter((m) => m.topic === 'probe/in')).toHaveLength(n);
      expect(d.responder.counts.puback).toBe(n + 50 + n);
    } finally {
      probe.restore();
    }
    await settle(client.disconnect());
  });

  it('10k QoS 1 round trips (publish → PUBACK, delivered back and acknowledged): heap stable, in bounded time', async () => {
    v8.setFlagsFromString('--expose_gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const d = device();
    // The responder echoes without a broker's in-flight limit, so a loaded machine can
    // queue more than the default 1000 inbound messages between delivery slices: this
    // spec is about heap, so the queue may hold the whole run (it still empties).
    const client = d.createClient({ host: 'broker', clientId: 'soak', keepalive: 60, inboundQueue: { limit: 10000 } });
    await settle(client.connect());
    let received = 0;
    client.topic('soak/#', { qos: 1 }).subscribe({ next: () => received++ });
    await turn();

    const started = Date.now();
    await roundTrips(client, 'soak/t', 2000);
    await turn();
    const atTwoK = heapAfterGc(gc);
    await roundTrips(client, 'soak/t', 8000);
    await turn();
    const atTenK = heapAfterGc(gc);
    const seconds = (Date.now() - started) / 1000;

    expect(d.responder.counts.publish).toBe(10000);
    expect(d.responder.counts.puback).toBe(10000);
    expect(received).toBe(10000);
    expect(client.stats.discards).toBe(0);
    expect(d.responder.errors).toEqual([]);
    // Expected growth: the packet-id table (an array indexed by id) grows until ids wrap
    // at 65535, then stays (measured: ~15 bytes per id in V8, ~0.15 MB over these 8000
    // messages, flat from 65k to 90k messages). Anything kept per message on top of it
    // (a message, a packet, an in-flight record, a subscriber: each >= 64 bytes) adds
    // >= 0.5 MB over 8000 messages, so 512 KB in all fails on any such leak.
    const growth = atTenK - atTwoK;
    process.stdout.write(
      'espruino vm soak: heapUsed after GC ' + (atTwoK / 1048576).toFixed(2) + ' MB at 2k, ' +
        (atTenK / 1048576).toFixed(2) + ' MB at 10k (growth ' + (growth / 1024).toFixed(1) + ' KB), ' +
        seconds.toFixed(1) + ' s\n',
    );
    expect(growth).toBeLessThan(512 * 1024);
    expect(seconds).toBeLessThan(20);
    await settle(client.disconnect());
  }, 30000);
});
