import { VirtualBroker } from '../../../../adapters/virtual/virtual-broker';
import { createClient } from '../../../../lib/client/create-client';
import type { DisconnectPacket } from '../../../../lib/codec/packet';
import { disconnectProperties } from '../../../../lib/client/options/options-v5';
import { testScheduler, virtualClient } from '../support/harness';
import { at } from '../support/resilience';

const quiet = { error: () => undefined };

const sentDisconnect = (broker: VirtualBroker) => broker.packets('disconnect').map((p: DisconnectPacket) => p.properties);

describe('MQTT 5 DISCONNECT properties of disconnect(): sessionExpiryInterval, reasonString, serverReference, userProperties', () => {
  it('puts them on the DISCONNECT (those of the first call that gives any)', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, keepalive: 0, properties: { sessionExpiryInterval: 3600 } });
      client.connect().subscribe();
      at(5, () => {
        client.disconnect({ sessionExpiryInterval: 0, reasonString: 'maintenance', serverReference: 'other:1883', userProperties: { k: 'v' } }).subscribe();
        client.disconnect({ reasonString: 'ignored' }).subscribe(quiet);
      });
      flush();
      expect(sentDisconnect(broker)).toEqual([{ sessionExpiryInterval: 0, reasonString: 'maintenance', serverReference: 'other:1883', userProperties: { k: 'v' } }]);
    });
  });

  it('raises the session expiry at DISCONNECT when the CONNECT had one', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, keepalive: 0, properties: { sessionExpiryInterval: 10 } });
      client.connect().subscribe();
      at(5, () => client.disconnect({ sessionExpiryInterval: 600, force: true }).subscribe());
      flush();
      expect(sentDisconnect(broker)).toEqual([{ sessionExpiryInterval: 600 }]);
    });
  });

  it('checks them at call time', () => {
    const transport = new VirtualBroker().transport;
    const v4 = createClient({ transport });
    const v5 = createClient({ transport, protocolVersion: 5 });
    const kept = createClient({ transport, protocolVersion: 5, clientId: 'k', properties: { sessionExpiryInterval: 60 } });
    expect(() => v4.disconnect({ reasonString: 'bye' })).toThrow(new RangeError('disconnect options need protocolVersion 5, got protocolVersion 4'));
    expect(() => v4.disconnect({ sessionExpiryInterval: 0 })).toThrow(RangeError);
    expect(() => v5.disconnect({ reasonString: 3 as never })).toThrow(TypeError);
    expect(() => kept.disconnect({ sessionExpiryInterval: -1 })).toThrow(RangeError);
    expect(() => kept.disconnect({ sessionExpiryInterval: 2 ** 32 })).toThrow(RangeError);
    // [MQTT-3.14.2-2]: no session expiry at CONNECT, none at DISCONNECT
    expect(() => v5.disconnect({ sessionExpiryInterval: 30 })).toThrow(
      new RangeError('disconnect options sessionExpiryInterval must be 0 after a CONNECT without one [MQTT-3.14.2-2], got 30'),
    );
    expect(() => v5.disconnect({ sessionExpiryInterval: 0 })).not.toThrow();
    expect(() => kept.disconnect({ sessionExpiryInterval: 30 })).not.toThrow();
  });

  it('disconnectProperties() picks the properties out of the options', () => {
    expect(disconnectProperties(undefined)).toBeUndefined();
    expect(disconnectProperties({ force: true, timeout: 5 })).toBeUndefined();
    expect(disconnectProperties({ force: true, reasonString: 'bye', sessionExpiryInterval: 0 })).toEqual({ reasonString: 'bye', sessionExpiryInterval: 0 });
  });
});
