import { PacketDecoder } from '../../../lib/codec/decoder';
import { checkFirstByte, PACKET_TYPE_CODES, PACKET_TYPE_NAMES } from '../../../lib/codec/fixed-header';
import { expectProtocolError } from './support/expect-protocol-error';

const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('fixed header', () => {
  it('names the 15 packet types (AUTH is MQTT 5 only) and numbers them both ways', () => {
    Object.keys(PACKET_TYPE_CODES).forEach((name) => expect(PACKET_TYPE_NAMES[PACKET_TYPE_CODES[name]]).toBe(name));
    expect(Object.keys(PACKET_TYPE_CODES).length).toBe(15);
  });

  it.each([0, 15])('refuses the reserved packet type %i before MQTT 5 [MQTT-2.2.1]', (type) => {
    expectProtocolError(u8(type << 4, 0), 'UNKNOWN_PACKET_TYPE', 'unknown packet type ' + type + ' [MQTT-2.2.1]');
    expectProtocolError(u8(type << 4, 0), 'UNKNOWN_PACKET_TYPE', 'unknown packet type ' + type + ' [MQTT-2.2.1]', { protocolVersion: 3 });
  });

  it('refuses type 0 on MQTT 5 and takes type 15 (AUTH) there, flags 0 only', () => {
    expectProtocolError(u8(0, 0), 'UNKNOWN_PACKET_TYPE', 'unknown packet type 0 [MQTT-2.2.1]', { protocolVersion: 5 });
    expect(new PacketDecoder({ protocolVersion: 5 }).push(u8(0xf0, 0))).toEqual([{ type: 'auth', reasonCode: 0 }]);
    expectProtocolError(u8(0xf1, 0), 'INVALID_HEADER_FLAGS', 'AUTH: header flags 1, must be 0 [MQTT-2.2.2-1]', { protocolVersion: 5 });
  });

  // Every type but PUBLISH has fixed flags [MQTT-2.2.2-1]; each wrong value is refused.
  const fixedFlags: [string, number, number][] = [
    ['CONNECT', 1, 0], ['CONNACK', 2, 0], ['PUBACK', 4, 0], ['PUBREC', 5, 0], ['PUBREL', 6, 2], ['PUBCOMP', 7, 0],
    ['SUBSCRIBE', 8, 2], ['SUBACK', 9, 0], ['UNSUBSCRIBE', 10, 2], ['UNSUBACK', 11, 0], ['PINGREQ', 12, 0],
    ['PINGRESP', 13, 0], ['DISCONNECT', 14, 0],
  ];
  describe.each(fixedFlags)('%s', (name, type, required) => {
    it('accepts its required flags ' + required, () => {
      expect(() => checkFirstByte((type << 4) | required, 14)).not.toThrow();
    });
    it('refuses every other flag value with INVALID_HEADER_FLAGS [MQTT-2.2.2-1]', () => {
      for (let flags = 0; flags < 16; flags++) {
        if (flags === required) continue;
        expectProtocolError(
          u8((type << 4) | flags, 0),
          'INVALID_HEADER_FLAGS',
          name + ': header flags ' + flags + ', must be ' + required + ' [MQTT-2.2.2-1]',
        );
      }
    });
  });

  it.each([0x36, 0x37, 0x3e, 0x3f])('refuses PUBLISH first byte %i with both QoS bits set [MQTT-3.3.1-4]', (first) => {
    expectProtocolError(u8(first, 0), 'INVALID_QOS', 'PUBLISH: both QoS bits set [MQTT-3.3.1-4]');
  });

  it.each([0x38, 0x39])('refuses PUBLISH first byte %i: DUP on QoS 0 [MQTT-3.3.1-2]', (first) => {
    expectProtocolError(u8(first, 0), 'INVALID_DUP_FLAG', 'PUBLISH: DUP set on a QoS 0 message [MQTT-3.3.1-2]');
  });

  it('accepts every other PUBLISH flag combination', () => {
    [0, 1, 2, 3, 4, 5, 10, 11, 12, 13].forEach((flags) => expect(() => checkFirstByte(0x30 | flags, 14)).not.toThrow());
  });

  const lengths: [string, number, number][] = [
    ['CONNACK', 0x20, 2], ['PUBACK', 0x40, 2], ['PUBREC', 0x50, 2], ['PUBREL', 0x62, 2], ['PUBCOMP', 0x70, 2],
    ['UNSUBACK', 0xb0, 2], ['PINGREQ', 0xc0, 0], ['PINGRESP', 0xd0, 0], ['DISCONNECT', 0xe0, 0],
  ];
  describe.each(lengths)('%s', (name, first, length) => {
    it.each([0, 1, 3, 200].filter((n) => n !== length))('refuses remaining length %i from the header alone', (n) => {
      const header = n < 128 ? u8(first, n) : u8(first, (n & 0x7f) | 0x80, n >> 7);
      expectProtocolError(header, 'INVALID_LENGTH', name + ': remaining length ' + n + ', must be ' + length);
    });
    it('accepts remaining length ' + length, () => {
      expect(() => new PacketDecoder().push(u8(first, length))).not.toThrow();
    });
  });

  it('on MQTT 5 checks only PINGREQ and PINGRESP from the header: the acks, CONNACK and DISCONNECT may grow', () => {
    expectProtocolError(u8(0xc0, 1), 'INVALID_LENGTH', 'PINGREQ: remaining length 1, must be 0', { protocolVersion: 5 });
    expectProtocolError(u8(0xd0, 2), 'INVALID_LENGTH', 'PINGRESP: remaining length 2, must be 0', { protocolVersion: 5 });
    [0x20, 0x40, 0x50, 0x62, 0x70, 0xb0, 0xe0].forEach((first) => {
      expect(() => new PacketDecoder({ protocolVersion: 5 }).push(u8(first, 0xb9, 0x60))).not.toThrow();
    });
  });

  it('leaves the length of variable-size packets to their decoders', () => {
    const header12345 = (first: number): Uint8Array => u8(first, 0xb9, 0x60); // remaining length 12345
    [0x10, 0x30, 0x82, 0x90, 0xa2].forEach((first) => expect(() => new PacketDecoder().push(header12345(first))).not.toThrow());
  });
});
