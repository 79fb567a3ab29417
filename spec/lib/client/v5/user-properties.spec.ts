import { VirtualBroker } from '../../../../adapters/virtual/virtual-broker';
import { createClient } from '../../../../lib/client/create-client';
import type { SubscribePacket, UnsubscribePacket } from '../../../../lib/codec/packet';
import { testScheduler, virtualClient } from '../support/harness';

/** What the broker received of SUBSCRIBE / UNSUBSCRIBE / DISCONNECT: [time, type, filters, properties]. */
function wire(broker: VirtualBroker) {
  return broker.received
    .filter((r) => r.packet.type === 'subscribe' || r.packet.type === 'unsubscribe' || r.packet.type === 'disconnect')
    .map((r) => {
      const p = r.packet;
      const filters = p.type === 'subscribe' ? (p as SubscribePacket).subscriptions.map((s) => s.topic) : p.type === 'unsubscribe' ? (p as UnsubscribePacket).topics : [];
      return [r.time, p.type, filters, (p as { properties?: unknown }).properties];
    });
}

describe('MQTT 5 user properties on SUBSCRIBE, UNSUBSCRIBE and DISCONNECT', () => {
  it('puts topic()\'s userProperties on its SUBSCRIBE and UNSUBSCRIBE, and disconnect()\'s on the DISCONNECT', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, scheduler: ts, keepalive: 0 }, { scheduler: ts, delay: 1 });
      client.connect().subscribe();
      const tenant = { tenant: 'acme', tags: ['a', 'b'] };
      ts.schedule(() => {
        const watching = client.topic('sensors/#', { qos: 1, userProperties: tenant }).subscribe();
        ts.schedule(() => watching.unsubscribe(), 5);
      }, 5);
      ts.schedule(() => client.disconnect({ userProperties: { reason: 'maintenance' } }).subscribe(), 20);
      flush();
      expect(wire(broker)).toEqual([
        // the server has subscription identifiers (the virtual broker's default): both properties
        [5, 'subscribe', ['sensors/#'], { subscriptionIdentifier: 1, userProperties: tenant }],
        [10, 'unsubscribe', ['sensors/#'], { userProperties: tenant }],
        [20, 'disconnect', [], { userProperties: { reason: 'maintenance' } }],
      ]);
    });
  });

  it('subscribes a filter with its own user properties in a SUBSCRIBE of its own when a connection starts', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, scheduler: ts, keepalive: 0 }, { scheduler: ts, delay: 1 });
      // without subscription identifiers filters share a SUBSCRIBE, except one with user properties
      broker.connackProperties = { subscriptionIdentifiersAvailable: false };
      // observed before connecting: all go out when the link starts (CONNACK at 1)
      client.topic('a').subscribe();
      client.topic('b', { userProperties: { who: 'b' } }).subscribe();
      client.topic('c').subscribe();
      client.connect().subscribe();
      ts.schedule(() => client.disconnect({ force: true }).subscribe(), 10);
      flush();
      expect(wire(broker)).toEqual([
        [1, 'subscribe', ['b'], { userProperties: { who: 'b' } }],
        [1, 'subscribe', ['a', 'c'], undefined],
        [10, 'disconnect', [], undefined],
      ]);
    });
  });

  it('checks them at call time: a RangeError before MQTT 5, a TypeError for values that are not strings', () => {
    const transport = new VirtualBroker().transport;
    const v4 = createClient({ transport });
    const v5 = createClient({ transport, protocolVersion: 5 });
    expect(() => v4.topic('a', { userProperties: { a: 'b' } })).toThrow(RangeError);
    expect(() => v4.disconnect({ userProperties: { a: 'b' } })).toThrow(RangeError);
    expect(() => v5.topic('a', { userProperties: { a: 1 as never } })).toThrow(TypeError);
    expect(() => v5.disconnect({ userProperties: { a: 1 as never } })).toThrow(TypeError);
    expect(() => v5.topic('a', { userProperties: { a: 'b' } })).not.toThrow();
  });
});
