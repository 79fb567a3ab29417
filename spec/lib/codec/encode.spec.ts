import { encodePacket } from '../../../lib/codec/encode';
import type { Packet } from '../../../lib/codec/packet';
import { FIXTURES } from './support/fixtures';
import { FIXTURES_31, FIXTURES_5 } from './support/fixtures5';

describe('encodePacket', () => {
  describe.each(FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    it('gives the fixture bytes', () => {
      expect(encodePacket(fixture.packet)).toEqual(fixture.bytes);
    });
  });

  it('defaults the CONNECT protocol name and level to MQTT and 4', () => {
    const withDefaults = encodePacket({ type: 'connect', clientId: 'c1', keepalive: 60, clean: true });
    expect(withDefaults).toEqual(FIXTURES[0].bytes);
  });

  it('writes another protocol level as given', () => {
    const bytes = encodePacket({ type: 'connect', protocolLevel: 7, clientId: 'c1', keepalive: 60, clean: true });
    expect(bytes[8]).toBe(7);
  });

  it('names level 3 MQIsdp (MQTT 3.1) unless told otherwise', () => {
    const bytes = encodePacket({ type: 'connect', protocolLevel: 3, clientId: 'c1', keepalive: 60, clean: true });
    expect(Buffer.from(bytes.subarray(4, 10)).toString()).toBe('MQIsdp');
    expect(bytes[10]).toBe(3);
    expect(encodePacket({ type: 'connect', clientId: 'c1', keepalive: 60, clean: true }, { protocolVersion: 3 })).toEqual(bytes);
  });

  it('ignores a packetId on a QoS 0 PUBLISH', () => {
    const bytes = encodePacket({ type: 'publish', topic: 'a/b', payload: new Uint8Array([0x68, 0x69]), qos: 0, retain: false, dup: false, packetId: 5 });
    expect(bytes).toEqual(FIXTURES.filter((f) => f.name === 'PUBLISH QoS 0')[0].bytes);
  });

  it('returns a fresh array for each call', () => {
    const p: Packet = { type: 'pingreq' };
    const a = encodePacket(p);
    a[0] = 0;
    expect(encodePacket(p)).toEqual(new Uint8Array([0xc0, 0]));
  });
});

describe('encodePacket, MQTT 5 and MQTT 3.1', () => {
  describe.each(FIXTURES_5.concat(FIXTURES_31).map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    it('gives the fixture bytes', () => {
      expect(encodePacket(fixture.packet, { protocolVersion: fixture.version })).toEqual(fixture.bytes);
    });
  });

  it('takes the CONNECT level from protocolVersion when the packet has none', () => {
    const p: Packet = { type: 'connect', clientId: 'c1', keepalive: 60, clean: true };
    expect(encodePacket(p, { protocolVersion: 5 })).toEqual(FIXTURES_5[0].bytes);
    expect(encodePacket(p, { protocolVersion: 3 })).toEqual(FIXTURES_31[0].bytes);
  });

  it('ignores MQTT 5 fields before MQTT 5', () => {
    expect(encodePacket({ type: 'puback', packetId: 1, reasonCode: 0x10, properties: { reasonString: 'x' } })).toEqual(new Uint8Array([0x40, 2, 0, 1]));
    expect(encodePacket({ type: 'disconnect', reasonCode: 4 })).toEqual(new Uint8Array([0xe0, 0]));
    expect(encodePacket({ type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: false, properties: { topicAlias: 1 } }))
      .toEqual(new Uint8Array([0x30, 3, 0, 1, 0x74]));
  });

  it('writes the shortest forms the spec allows: reason code 0 without properties is left out', () => {
    const v5 = { protocolVersion: 5 as const };
    expect(encodePacket({ type: 'pubrec', packetId: 1 }, v5)).toEqual(new Uint8Array([0x50, 2, 0, 1]));
    expect(encodePacket({ type: 'pubrec', packetId: 1, reasonCode: 0, properties: {} }, v5)).toEqual(new Uint8Array([0x50, 2, 0, 1]));
    expect(encodePacket({ type: 'pubrec', packetId: 1, properties: { reasonString: undefined } }, v5)).toEqual(new Uint8Array([0x50, 2, 0, 1]));
    expect(encodePacket({ type: 'disconnect' }, v5)).toEqual(new Uint8Array([0xe0, 0]));
    expect(encodePacket({ type: 'auth', reasonCode: 0x19 }, v5)).toEqual(new Uint8Array([0xf0, 1, 0x19]));
    expect(encodePacket({ type: 'publish', topic: 't', payload: 'é', qos: 0, retain: false, dup: false } as unknown as Packet, v5))
      .toEqual(new Uint8Array([0x30, 6, 0, 1, 0x74, 0, 0xc3, 0xa9]));
  });

  it('writes a subscription identifier list in order, and user property values in order', () => {
    const b = encodePacket({
      type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: false,
      properties: { subscriptionIdentifier: [3, 1], userProperties: { k: ['b', 'a'] } },
    }, { protocolVersion: 5 });
    expect(Array.from(b)).toEqual([0x30, 22, 0, 1, 0x74, 18, 0x0b, 3, 0x0b, 1, 0x26, 0, 1, 0x6b, 0, 1, 0x62, 0x26, 0, 1, 0x6b, 0, 1, 0x61]);
  });
});

describe('encodePacket argument errors', () => {
  it.each([
    [null, 'packet must be an object'],
    ['publish', 'packet must be an object'],
    [{}, 'unknown packet type undefined'],
    [{ type: 'connection' }, 'unknown packet type connection'],
  ])('refuses %j with a TypeError', (packet, message) => {
    expect(() => encodePacket(packet as unknown as Packet)).toThrow(new TypeError(message));
    expect(() => encodePacket(packet as unknown as Packet, { protocolVersion: 5 })).toThrow(new TypeError(message));
  });

  it('refuses AUTH before MQTT 5 with a RangeError', () => {
    expect(() => encodePacket({ type: 'auth', reasonCode: 0 })).toThrow(new RangeError('AUTH exists only in MQTT 5 (protocolVersion 5)'));
  });
});
