import { encodePacket } from '../../../lib/codec/encode';
import type { Packet } from '../../../lib/codec/packet';
import { FIXTURES } from './support/fixtures';

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
