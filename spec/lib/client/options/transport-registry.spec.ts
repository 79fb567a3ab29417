import { NEVER } from 'rxjs';
import type { BrokerUrl } from '../../../../lib/client/options/parse-broker-url';
import type { Transport } from '../../../../lib/client/transport';
import { registerTransportScheme, transportFactoryFor, transportForUrl } from '../../../../lib/client/options/transport-registry';
import { expectThrows } from '../../../operators/support/expect-throws';

describe('transport registry', () => {
  it('hands the parsed URL and the options to the factory of the scheme', () => {
    const seen: BrokerUrl[] = [];
    const transport: Transport = { open: () => NEVER };
    registerTransportScheme('WSS:', (url, options) => (seen.push(url), expect(options.clientId).toBe('me'), transport));
    expect(transportForUrl('wss://b:9000/mqtt', { clientId: 'me' })).toBe(transport);
    expect(seen).toEqual([{ scheme: 'wss', host: 'b', port: 9000, path: '/mqtt' }]);
    expect(transportFactoryFor('wss')).toBeDefined();
    expect(transportFactoryFor('toString')).toBeUndefined();
  });

  it('a later registration replaces an earlier one', () => {
    const a: Transport = { open: () => NEVER };
    const b: Transport = { open: () => NEVER };
    registerTransportScheme('ws', () => a);
    registerTransportScheme('ws', () => b);
    expect(transportForUrl('ws://h', {})).toBe(b);
  });

  it('throws TypeErrors for bad registrations and URLs with no transport', () => {
    expectThrows(() => registerTransportScheme('', () => ({ open: () => NEVER })), TypeError, 'scheme must be a non-empty string');
    expectThrows(() => registerTransportScheme('mqtt', null as never), TypeError, 'factory must be a function');
    expectThrows(
      () => transportForUrl('mqtts://h', {}),
      TypeError,
      'no transport registered for "mqtts:" URLs (import rxmqtt/adapters, or pass options.transport)',
    );
  });
});
