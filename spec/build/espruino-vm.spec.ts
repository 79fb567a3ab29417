import { createFakeEspruinoNet, FakeEspruinoNet } from '../support/fake-espruino-net';
import { buildEspruinoBundleForSpecs, loadEspruinoBundle, REMOVED_GLOBALS } from './espruino-vm';


interface VmObservable { subscribe(observer: object): { unsubscribe(): void } }
interface VmConnection { data$: VmObservable; write(bytes: Uint8Array): boolean; close(): void }
interface VmTransport { open(): VmObservable }
type TransportFactory = (options: object) => VmTransport;

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A CONNECT for client id "esp" (MQTT 3.1.1, clean session, keepalive 60), written out by hand. */
const CONNECT = [0x10, 15, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 60, 0, 3, 0x65, 0x73, 0x70];
const CONNACK = [0x20, 2, 0, 0];

describe('dist/rxmqtt.espruino.js in an Espruino-like vm', () => {
  const bundle = buildEspruinoBundleForSpecs();

  function load(net: FakeEspruinoNet = createFakeEspruinoNet()) {
    return loadEspruinoBundle(bundle(), { net });
  }

  it('the context lacks what Espruino lacks and has E', () => {
    const { run } = load();
    for (const name of REMOVED_GLOBALS) expect([name, run('typeof ' + name)]).toEqual([name, 'undefined']);
    expect(run('typeof Array.from')).toBe('undefined');
    expect(run('typeof Promise.prototype.finally')).toBe('undefined');
    expect(run('typeof E.toString + typeof E.toUint8Array')).toBe('functionfunction');
  });

  it('loads as a module and exports the Espruino transport and the error classes, requiring nothing at load', () => {
    const { exports, required } = load();
    expect(typeof exports.espruinoTransport).toBe('function');
    expect(typeof exports.MqttError).toBe('function');
    expect(typeof exports.TransportError).toBe('function');
    expect(required).toEqual([]);
  });

  it('a synchronous refusal from net.connect is a TransportError CONNECT_FAILED, instanceof MqttError and Error', () => {
    const net = createFakeEspruinoNet({ refuse: true });
    const { exports, run } = load(net);
    let error: { code?: string; message?: string } | undefined;
    (exports.espruinoTransport as TransportFactory)({ host: 'broker', port: 1883 })
      .open()
      .subscribe({ error: (e: { code: string }) => (error = e) });
    expect(error).toBeDefined();
    expect(error).toMatchObject({ code: 'CONNECT_FAILED', message: 'cannot connect to broker:1883: Unable to connect to broker:1883' });
    expect(error instanceof (exports.TransportError as new () => object)).toBe(true);
    expect(error instanceof (exports.MqttError as new () => object)).toBe(true);
    expect(error instanceof (run('Error') as new () => object)).toBe(true);
  });

  it('carries MQTT bytes both ways over the fake net: binary strings out, context Uint8Arrays in', async () => {
    const net = createFakeEspruinoNet({
      onConnection: (peer) => peer.onData((bytes, raw) => {
        expect(typeof raw).toBe('string');
        if (bytes[0] === 0x10) peer.send(new Uint8Array(CONNACK));
      }),
    });
    const { exports, run, required } = load(net);
    let connection: VmConnection | undefined;
    (exports.espruinoTransport as TransportFactory)({ host: 'broker' }).open().subscribe({ next: (c: VmConnection) => (connection = c) });
    await flush();
    expect(required).toEqual(['net']);
    const c = connection as VmConnection;
    const chunks: Uint8Array[] = [];
    c.data$.subscribe({ next: (chunk: Uint8Array) => chunks.push(chunk) });
    const ContextUint8Array = run('Uint8Array') as typeof Uint8Array;
    expect(c.write(new ContextUint8Array(CONNECT))).toBe(true);
    await flush();
    expect(chunks).toHaveLength(1);
    expect(chunks[0] instanceof ContextUint8Array).toBe(true);
    expect(Array.from(chunks[0])).toEqual(CONNACK);
    c.close();
    expect(net.peers[0].ended).toBe(true);
  });
});
