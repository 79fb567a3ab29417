import { firstValueFrom } from 'rxjs';
import { createEspruinoClient } from '../../adapters/espruino-client';
import { espruinoTransport, EspruinoModuleLoader, EspruinoNetModule } from '../../adapters/espruino';
import { registerEspruinoSchemes } from '../../adapters/espruino-schemes';
import type { ConnectPacket } from '../../lib/codec/packet';
import type { MqttClient } from '../../lib/client/types';
import { createFakeEspruinoNet, FakeEspruinoNet } from '../support/fake-espruino-net';
import { createMqttResponder, MqttResponder } from '../support/mqtt-responder';
import { expectThrows } from '../operators/support/expect-throws';

/** A fake `net` and `tls` answered by one in-process responder; `loaded` lists what was required. */
function fakeDevice(): { net: FakeEspruinoNet; tls: FakeEspruinoNet; responder: MqttResponder; loaded: string[]; load: EspruinoModuleLoader } {
  const responder = createMqttResponder();
  const net = createFakeEspruinoNet({ onConnection: (peer) => responder.accept(peer) });
  const tls = createFakeEspruinoNet({ onConnection: (peer) => responder.accept(peer) });
  const loaded: string[] = [];
  const load: EspruinoModuleLoader = (name) => {
    loaded.push(name);
    return (name === 'tls' ? tls : net) as unknown as EspruinoNetModule;
  };
  return { net, tls, responder, loaded, load };
}

async function connectAndClose(client: MqttClient): Promise<void> {
  await firstValueFrom(client.connect());
  await firstValueFrom(client.disconnect());
}

describe('createEspruinoClient', () => {
  it('{ host, port } connects through require("net") to that host and port', async () => {
    const device = fakeDevice();
    await connectAndClose(createEspruinoClient({ host: '192.168.1.2', port: 1884, clientId: 'esp', loadModule: device.load }));
    expect(device.loaded).toEqual(['net']);
    expect(device.net.peers.map((p) => p.options)).toEqual([{ host: '192.168.1.2', port: 1884 }]);
    expect((device.responder.connects[0] as ConnectPacket).clientId).toBe('esp');
    expect(device.responder.counts.disconnect).toBe(1);
  });

  it('{ host } alone takes port 1883; { host, tls: true } takes require("tls") and port 8883', async () => {
    const device = fakeDevice();
    await connectAndClose(createEspruinoClient({ host: 'broker', loadModule: device.load }));
    await connectAndClose(createEspruinoClient({ host: 'broker', tls: true, loadModule: device.load }));
    expect(device.loaded).toEqual(['net', 'tls']);
    expect(device.net.peers[0].options).toEqual({ host: 'broker', port: 1883 });
    expect(device.tls.peers[0].options).toEqual({ host: 'broker', port: 8883 });
  });

  it('TLS settings given as PEM strings reach tls.connect', async () => {
    const device = fakeDevice();
    const seen: object[] = [];
    const tls = {
      connect(options: object, callback: () => void) {
        seen.push(options);
        return device.tls.connect(options as { host: string; port: number }, callback);
      },
    };
    const client = createEspruinoClient({
      host: 'broker',
      port: 8884,
      tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' },
      loadModule: () => tls as unknown as EspruinoNetModule,
    });
    await connectAndClose(client);
    expect(seen).toEqual([{ host: 'broker', port: 8884, ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' }]);
  });

  it('a url goes through the schemes the Espruino entry registers; its credentials reach CONNECT', async () => {
    const device = fakeDevice();
    registerEspruinoSchemes(device.load);
    await connectAndClose(createEspruinoClient({ url: 'mqtt://user:secret@10.0.0.7:1885', clientId: 'u' }));
    expect(device.net.peers[0].options).toEqual({ host: '10.0.0.7', port: 1885 });
    const connect = device.responder.connects[0] as ConnectPacket;
    expect(connect.username).toBe('user');
    expect(Array.from(connect.password as Uint8Array)).toEqual(Array.from(Buffer.from('secret')));
  });

  it('an explicit transport wins over host and port', async () => {
    const device = fakeDevice();
    const opened: string[] = [];
    const transport = {
      open() {
        opened.push('custom');
        return espruinoTransport({ host: 'real', loadModule: device.load }).open();
      },
    };
    await connectAndClose(createEspruinoClient({ transport, host: 'ignored', port: 1, clientId: 't' }));
    expect(opened).toEqual(['custom']);
    expect(device.net.peers[0].options).toEqual({ host: 'real', port: 1883 });
  });

  it('a refused connection errors connect() with TransportError CONNECT_FAILED', async () => {
    const net = createFakeEspruinoNet({ refuse: true });
    const client = createEspruinoClient({ host: 'down', loadModule: () => net as unknown as EspruinoNetModule });
    await expect(firstValueFrom(client.connect())).rejects.toMatchObject({
      code: 'CONNECT_FAILED',
      message: 'cannot connect to down:1883: Unable to connect to down:1883',
    });
  });

  it('refuses options without a broker, bad tls and bad host or port at call time', () => {
    expectThrows(() => createEspruinoClient({}), TypeError, 'options need a host, a url or a transport');
    expectThrows(() => createEspruinoClient(null as never), TypeError, 'options must be an object');
    expectThrows(() => createEspruinoClient({ host: 'h', tls: 'yes' as never }), TypeError, 'tls must be true, false or an object of PEM strings');
    expectThrows(() => createEspruinoClient({ host: '' }), TypeError, 'espruinoTransport: host must be a non-empty string');
    expectThrows(() => createEspruinoClient({ host: 'h', port: 70000 }), RangeError, 'espruinoTransport: port must be an integer in 1..65535, got 70000');
    expectThrows(() => createEspruinoClient({ host: 'h', keepalive: -1 }), RangeError, 'CONNECT: keepalive must be an integer from 0 to 65535, got -1');
  });
});

