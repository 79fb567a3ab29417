import { PacketDecoder } from '../../../lib/codec/decoder';
import { checkFirstByte, PACKET_TYPE_CODES, PACKET_TYPE_NAMES } from '../../../lib/codec/fixed-header';
import { expectProtocolError } from './support/expect-protocol-error';

const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('fixed header', () => {
  it('names the 14 packet types and numbers them both ways', () => {
    Object.keys(PACKET_TYPE_CODES).forEach((name) => expect(PACKET_TYPE_NAMES[PACKET_TYPE_CODES[name]]).toBe(name));
    expect(Object.keys(PACKET_TYPE_CODES).length).toBe(14);
  });

  it.each([0, 15])('refuses the reserved packet type %i [MQTT-2.2.1]', (type) => {
    expectProtocolError(u8(type << 4, 0), 'UNKNOWN_PACKET_TYPE', 'unknown packet type ' + type + ' [MQTT-2.2.1]');
  });

  // Every type but PUBLISH has fixed flags [MQTT-2.2.2-1]; each wrong value is refused.
  const fixedFlags: [string, number, number][] = [
    ['CONNECT', 1, 0], ['CONNACK', 2, 0], ['PUBACK', 4, 0], ['PUBREC', 5, 0], ['PUBREL', 6, 2], ['PUBCOMP', 7, 0],
    ['SUBSCRIBE', 8, 2], ['SUBACK', 9, 0], ['UNSUBSCRIBE', 10, 2], ['UNSUBACK', 11, 0], ['PINGREQ', 12, 0],
    ['PINGRESP', 13, 0], ['DISCONNECT', 14, 0],
  ];
  describe.each(fixedFlags)('%s', (name, type, required) => {
    it('accepts its required flags ' + required, () => {
      expect(() => checkFirstByte((type << 4) | required)).not.toThrow();
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
    [0, 1, 2, 3, 4, 5, 10, 11, 12, 13].forEach((flags) => expect(() => checkFirstByte(0x30 | flags)).not.toThrow());
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

  it('leaves the length of variable-size packets to their decoders', () => {
    const header12345 = (first: number): Uint8Array => u8(first, 0xb9, 0x60); // remaining length 12345
    [0x10, 0x30, 0x82, 0x90, 0xa2].forEach((first) => expect(() => new PacketDecoder().push(header12345(first))).not.toThrow());
  });
});
