import { firstValueFrom, Subscription } from 'rxjs';
import { espruinoTransport, EspruinoModuleLoader, EspruinoNetModule } from '../../adapters/espruino';
import type { Connection } from '../../lib/client/transport';
import { MqttError, TransportError } from '../../lib/errors';
import { createFakeEspruinoNet, FakeEspruinoNet, FakePeer } from '../support/fake-espruino-net';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function loaderFor(net: FakeEspruinoNet, loaded: string[] = []): EspruinoModuleLoader {
  return (name) => {
    loaded.push(name);
    return net as unknown as EspruinoNetModule;
  };
}

/** Opens a connection through a fake net; resolves it with its peer. */
async function openWith(net: FakeEspruinoNet, extra: object = {}): Promise<{ connection: Connection; peer: FakePeer; sub: Subscription }> {
  const transport = espruinoTransport(Object.assign({ host: 'broker.local', loadModule: loaderFor(net) }, extra));
  let connection: Connection | undefined;
  const sub = transport.open().subscribe({ next: (c) => (connection = c) });
  await flush();
  if (!connection) throw new Error('no connection');
  return { connection, peer: net.peers[net.peers.length - 1], sub };
}

describe('espruinoTransport', () => {
  describe('arguments', () => {
    it('refuses a missing or empty host with a TypeError', () => {
      expect(() => espruinoTransport({ host: '' })).toThrow(new TypeError('espruinoTransport: host must be a non-empty string'));
      expect(() => espruinoTransport(undefined as never)).toThrow(TypeError);
    });

    it.each([0, 65536, 1.5, NaN])('refuses port %p with a RangeError', (port) => {
      expect(() => espruinoTransport({ host: 'h', port })).toThrow(RangeError);
      expect(() => espruinoTransport({ host: 'h', port })).toThrow('port must be an integer in 1..65535, got ' + port);
    });
  });

  describe('opening', () => {
    it('a refused connection (connect throws synchronously) errors with CONNECT_FAILED', () => {
      const net = createFakeEspruinoNet({ refuse: true });
      let error: unknown;
      espruinoTransport({ host: 'broker.local', port: 1884, loadModule: loaderFor(net) })
        .open()
        .subscribe({ error: (e) => (error = e) });
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toBeInstanceOf(MqttError);
      expect(error).toMatchObject({
        code: 'CONNECT_FAILED',
        message: 'cannot connect to broker.local:1884: Unable to connect to broker.local:1884',
      });
      expect(net.attempts).toBe(1);
    });

    it('a module that cannot be loaded errors with CONNECT_FAILED', () => {
      let error: unknown;
      espruinoTransport({ host: 'h', loadModule: () => { throw new Error('Module net not found'); } })
        .open()
        .subscribe({ error: (e) => (error = e) });
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: 'CONNECT_FAILED', message: 'cannot load net: Module net not found' });
    });

    it('emits the connection only after the connect callback, with host and default port 1883 from net', async () => {
      const net = createFakeEspruinoNet();
      const loaded: string[] = [];
      const seen: Connection[] = [];
      espruinoTransport({ host: 'broker.local', loadModule: loaderFor(net, loaded) }).open().subscribe((c) => seen.push(c));
      expect(seen).toHaveLength(0);
      await flush();
      expect(seen).toHaveLength(1);
      expect(loaded).toEqual(['net']);
      expect(net.peers[0].options).toEqual({ host: 'broker.local', port: 1883 });
    });

    it('uses tls with port 8883 and passes ca/key/cert', async () => {
      const net = createFakeEspruinoNet();
      const loaded: string[] = [];
      const calls: object[] = [];
      const spy = { connect: (o: { host: string; port: number }, cb: () => void) => { calls.push(o); return net.connect(o, cb); } };
      espruinoTransport({ host: 'h', tls: { ca: 'CA', key: 'KEY', cert: 'CERT' }, loadModule: (name) => { loaded.push(name); return spy as unknown as EspruinoNetModule; } })
        .open().subscribe();
      await flush();
      expect(loaded).toEqual(['tls']);
      expect(calls).toEqual([{ host: 'h', port: 8883, ca: 'CA', key: 'KEY', cert: 'CERT' }]);
    });

    it('an error event before the connect callback errors with CONNECT_FAILED', async () => {
      const net = createFakeEspruinoNet({ onConnection: (peer) => peer.fail('ECONNRESET') });
      let error: unknown;
      espruinoTransport({ host: 'h', loadModule: loaderFor(net) }).open().subscribe({ error: (e) => (error = e) });
      await flush();
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: 'CONNECT_FAILED', message: 'cannot connect to h:1883: ECONNRESET' });
    });

    it('unsubscribing from open() ends the socket', async () => {
      const net = createFakeEspruinoNet();
      const { sub, peer } = await openWith(net);
      expect(peer.ended).toBe(false);
      sub.unsubscribe();
      expect(peer.ended).toBe(true);
    });
  });

  describe('bytes', () => {
    const all = new Uint8Array(256);
    for (let i = 0; i < 256; i++) all[i] = i;

    it('turns binary-string data events into bytes, every byte value intact', async () => {
      const { connection, peer } = await openWith(createFakeEspruinoNet());
      const chunks: Uint8Array[] = [];
      connection.data$.subscribe((c) => chunks.push(c));
      peer.send(all);
      peer.send(new Uint8Array([0x20, 0x02, 0x00, 0x00]));
      await flush();
      expect(chunks).toEqual([all, new Uint8Array([0x20, 0x02, 0x00, 0x00])]);
    });

    it('writes a binary string, never a Uint8Array (which Espruino sends as "0,1,2,...")', async () => {
      const { connection, peer } = await openWith(createFakeEspruinoNet());
      const raws: unknown[] = [];
      const received: Uint8Array[] = [];
      peer.onData((bytes, raw) => { received.push(bytes); raws.push(raw); });
      expect(connection.write(all)).toBe(true);
      expect(received).toEqual([all]);
      expect(typeof raws[0]).toBe('string');
      expect((raws[0] as string).length).toBe(256);
    });

    it('uses E.toString and E.toUint8Array when Espruino provides them, and falls back when E.toString gives undefined', async () => {
      const e = {
        toString: jest.fn((u8: Uint8Array) => (u8.length > 2 ? undefined : String.fromCharCode(u8[0], u8[1]))),
        toUint8Array: jest.fn((s: string) => new Uint8Array([s.length])),
      };
      const { connection, peer } = await openWith(createFakeEspruinoNet(), { e });
      const received: Uint8Array[] = [];
      const chunks: Uint8Array[] = [];
      peer.onData((bytes) => received.push(bytes));
      connection.data$.subscribe((c) => chunks.push(c));
      connection.write(new Uint8Array([0xc0, 0x00]));
      connection.write(new Uint8Array([1, 2, 3]));
      peer.send(new Uint8Array([9, 9, 9]));
      await flush();
      expect(e.toString).toHaveBeenCalledTimes(2);
      expect(received).toEqual([new Uint8Array([0xc0, 0x00]), new Uint8Array([1, 2, 3])]);
      expect(e.toUint8Array).toHaveBeenCalledWith('\x09\x09\x09');
      expect(chunks).toEqual([new Uint8Array([3])]);
    });
  });

  describe('lifetime', () => {
    it('data$ completes when the broker closes the socket', async () => {
      const { connection, peer } = await openWith(createFakeEspruinoNet());
      let completed = false;
      connection.data$.subscribe({ complete: () => (completed = true) });
      peer.close();
      await flush();
      expect(completed).toBe(true);
    });

    it('data$ errors with CONNECTION_LOST on an error event after connecting', async () => {
      const { connection, peer } = await openWith(createFakeEspruinoNet());
      let error: unknown;
      connection.data$.subscribe({ error: (e) => (error = e) });
      peer.fail('ETIMEDOUT');
      await flush();
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: 'CONNECTION_LOST', message: 'connection to broker.local:1883 lost: ETIMEDOUT' });
    });

    it('close() ends the socket, completes data$, refuses writes and is idempotent', async () => {
      const { connection, peer } = await openWith(createFakeEspruinoNet());
      let completed = 0;
      connection.data$.subscribe({ complete: () => completed++ });
      connection.close();
      connection.close();
      expect(peer.ended).toBe(true);
      expect(completed).toBe(1);
      expect(connection.write(new Uint8Array([0xe0, 0]))).toBe(false);
    });

    it('keeps chunks that arrive before data$ is read, and delivers them in order', async () => {
      const { connection, peer } = await openWith(createFakeEspruinoNet());
      peer.send(new Uint8Array([1]));
      peer.send(new Uint8Array([2]));
      await flush();
      const chunks: Uint8Array[] = [];
      connection.data$.subscribe((c) => chunks.push(c));
      expect(chunks).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    });

    it('closes with CONNECTION_LOST when more than maxUnread chunks wait unread', async () => {
      const { connection, peer } = await openWith(createFakeEspruinoNet(), { maxUnread: 2 });
      for (let i = 0; i < 3; i++) peer.send(new Uint8Array([i]));
      await flush();
      expect(peer.ended).toBe(true);
      // What was kept is still delivered, then the error: nothing is dropped silently.
      const chunks: Uint8Array[] = [];
      let error: unknown;
      connection.data$.subscribe({ next: (c) => chunks.push(c), error: (e) => (error = e) });
      expect(chunks).toEqual([new Uint8Array([0]), new Uint8Array([1]), new Uint8Array([2])]);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: 'CONNECTION_LOST', message: 'more than 2 unread chunks from broker.local:1883' });
    });

    it('takes one data$ subscriber', async () => {
      const { connection } = await openWith(createFakeEspruinoNet());
      connection.data$.subscribe();
      const error = await firstValueFrom(connection.data$).catch((e: unknown) => e);
      expect(error).toEqual(new TypeError('data$ of an Espruino connection takes one subscriber'));
    });

    it('write() returns false above the high-water mark until the socket drains', async () => {
      let drain: (() => void) | undefined;
      const net = createFakeEspruinoNet();
      const spyNet = {
        connect: (o: { host: string; port: number }, cb: () => void) => {
          const socket = net.connect(o, cb);
          const on = socket.on;
          socket.on = (event, listener) => {
            if (event === 'drain') drain = listener as () => void;
            return on(event, listener);
          };
          return socket;
        },
      };
      let connection: Connection | undefined;
      espruinoTransport({ host: 'h', highWaterMark: 4, loadModule: () => spyNet as unknown as EspruinoNetModule })
        .open().subscribe((c) => (connection = c));
      await flush();
      const c = connection as Connection;
      let drains = 0;
      c.drain$?.subscribe(() => drains++);
      expect(c.write(new Uint8Array(3))).toBe(true);
      expect(c.write(new Uint8Array(3))).toBe(false);
      (drain as () => void)();
      expect(drains).toBe(1);
      expect(c.write(new Uint8Array(3))).toBe(true);
    });
  });
});
