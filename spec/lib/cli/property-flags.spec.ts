import { disconnectOptionsOf, propertyFlags } from '../../../lib/cli/property-flags';
import { UsageError } from '../../../lib/cli/usage-error';

describe('-D disconnect: the DISCONNECT properties mosquitto_pub/sub 2.0 take', () => {
  it('session-expiry-interval, reason-string, server-reference and user-property become disconnect() options', () => {
    const flags = propertyFlags([
      ['disconnect', 'session-expiry-interval', '0'],
      ['disconnect', 'reason-string', 'bye'],
      ['disconnect', 'server-reference', 'other:1883'],
      ['disconnect', 'user-property', 'k', 'v'],
    ]);
    expect(disconnectOptionsOf(flags, undefined)).toEqual({ sessionExpiryInterval: 0, reasonString: 'bye', serverReference: 'other:1883', userProperties: { k: 'v' } });
    expect(disconnectOptionsOf({}, undefined)).toBeUndefined();
  });

  it('a session expiry above 0 needs one at connect [MQTT-3.14.2-2]', () => {
    const flags = propertyFlags([['disconnect', 'session-expiry-interval', '30']]);
    expect(() => disconnectOptionsOf(flags, undefined)).toThrow(UsageError);
    expect(() => disconnectOptionsOf(flags, { receiveMaximum: 5 })).toThrow('needs a session expiry at connect (-x or -c)');
    expect(disconnectOptionsOf(flags, { sessionExpiryInterval: 60 })).toEqual({ sessionExpiryInterval: 30 });
  });

  it('what the DISCONNECT cannot carry is a usage error, as mosquitto says it', () => {
    expect(() => propertyFlags([['disconnect', 'topic-alias', '3']])).toThrow(new UsageError('topic-alias property not allowed for disconnect in --property argument'));
    expect(() => propertyFlags([['connect', 'server-reference', 'x']])).toThrow(new UsageError('server-reference property not allowed for connect in --property argument'));
  });
});
