import { firstValueFrom, NEVER } from 'rxjs';
import * as root from '../../../lib/index';
import * as adapters from '../../../adapters/index';
import { VirtualBroker } from '../../../adapters/virtual';
import { createClient } from '../../../lib/client/create-client';
import { registerTransportScheme } from '../../../lib/client/options/transport-registry';
import type { ClientOptions } from '../../../lib/client/types';
import { expectThrows } from '../../operators/support/expect-throws';

describe('createClient', () => {
  it('builds the transport of options.url from the registry, with the credentials of the URL', async () => {
    const broker = new VirtualBroker();
    const seen: Array<{ host: string; port: number; options: ClientOptions }> = [];
    registerTransportScheme('ws', (url, options) => (seen.push({ host: url.host, port: url.port, options }), broker.transport));
    const client = createClient({ url: 'ws://user:secret@broker.test/mqtt', clientId: 'u' });
    expect(seen.map((s) => [s.host, s.port, s.options.username, s.options.password])).toEqual([['broker.test', 80, 'user', 'secret']]);
    await firstValueFrom(client.connect());
    expect(broker.packets('connect')[0]).toMatchObject({ clientId: 'u', username: 'user', password: Uint8Array.from(Buffer.from('secret')) });
    await firstValueFrom(client.disconnect());
  });

  it('lets explicit credentials win over those of the URL, and a transport win over the URL', () => {
    const broker = new VirtualBroker();
    const seen: ClientOptions[] = [];
    registerTransportScheme('wss', (_url, options) => (seen.push(options), broker.transport));
    createClient({ url: 'wss://a:b@h', username: 'me' });
    expect(seen[0]).toMatchObject({ username: 'me' });
    expect(seen[0].password).toBeUndefined();
    createClient({ url: 'wss://h', transport: { open: () => NEVER } });
    expect(seen.length).toBe(1);
  });

  it('throws at call time for bad options, bad URLs and URLs with no transport', () => {
    expectThrows(() => createClient({ url: 'http://h' }), TypeError, 'unknown scheme "http:" in broker URL "http://h" (expected mqtt:, mqtts:, ws: or wss:)');
    expectThrows(() => createClient({ url: 'mqtt//h' }), TypeError, 'not a broker URL (scheme://host[:port][/path]): "mqtt//h"');
    expectThrows(() => createClient({ transport: { open: () => NEVER }, keepalive: -5 }), RangeError, 'CONNECT: keepalive must be an integer from 0 to 65535, got -5');
    expectThrows(() => createClient(undefined as unknown as ClientOptions), TypeError, 'options must be an object');
  });

  it('returns a client whose methods are lazy: nothing is sent before subscription', () => {
    const broker = new VirtualBroker();
    const client = createClient({ transport: broker.transport });
    client.connect();
    client.topic('a');
    client.ping();
    client.disconnect();
    expect(broker.received).toEqual([]);
    expect(broker.connectionCount).toBe(0);
  });

  it('is exported from the package root, which keeps its internals to itself', () => {
    expect(root.createClient).toBe(createClient);
    expect(Object.keys(root).filter((name) => /^[a-z]/.test(name)).sort()).toEqual([
      'assertTopicFilter', 'assertTopicName', 'createClient', 'createSleepSchedule', 'encodePacket', 'nextAttemptAt',
      'recordFailure', 'recordSuccess', 'retryInterval', 'shouldTryNow', 'topicMatchesFilter',
    ]);
    expect(adapters.VirtualBroker).toBe(VirtualBroker);
  });
});
