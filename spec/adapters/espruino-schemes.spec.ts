import { registerEspruinoSchemes } from '../../adapters/espruino-schemes';
import type { EspruinoNetModule } from '../../adapters/espruino';
import { registerNodeSchemes } from '../../adapters/node-schemes';
import { parseBrokerUrl } from '../../lib/client/options/parse-broker-url';
import { transportFactoryFor } from '../../lib/client/options/transport-registry';
import type { ClientOptions } from '../../lib/client/types';

describe('registerEspruinoSchemes', () => {
  afterAll(() => registerNodeSchemes());

  function attempt(url: string, options: ClientOptions = {}): { module: string; options: object } {
    const seen: { module: string; options: object }[] = [];
    registerEspruinoSchemes((name) => ({
      connect(o: object) {
        seen.push({ module: name, options: o });
        throw new Error('refused');
      },
    }) as unknown as EspruinoNetModule);
    const factory = transportFactoryFor(parseBrokerUrl(url).scheme);
    if (!factory) throw new Error('no factory for ' + url);
    let code: string | undefined;
    factory(parseBrokerUrl(url), options).open().subscribe({ error: (e: { code: string }) => (code = e.code) });
    expect(code).toBe('CONNECT_FAILED');
    return seen[0];
  }

  it('sends mqtt: URLs to require("net") with host and port (default 1883)', () => {
    expect(attempt('mqtt://192.168.1.2')).toEqual({ module: 'net', options: { host: '192.168.1.2', port: 1883 } });
    expect(attempt('mqtt://broker:1884')).toEqual({ module: 'net', options: { host: 'broker', port: 1884 } });
  });

  it('sends mqtts: URLs to require("tls") with PEM strings from options.tls (default 8883)', () => {
    const tls = { ca: 'CA PEM', cert: 'CERT PEM', key: new Uint8Array([1]) };
    expect(attempt('mqtts://broker', { tls })).toEqual({
      module: 'tls',
      options: { host: 'broker', port: 8883, ca: 'CA PEM', cert: 'CERT PEM' },
    });
  });
});
