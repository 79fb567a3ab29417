import {
  MAX_REMAINING_LENGTH,
  readRemainingLength,
  remainingLengthSize,
  writeRemainingLength,
} from '../../../lib/codec/remaining-length';
import { PacketDecoder } from '../../../lib/codec/decoder';
import { expectProtocolError } from './support/expect-protocol-error';

const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('remaining length', () => {
  // The boundaries of table 2.4 [MQTT-2.2.3].
  const table: [number, number[]][] = [
    [0, [0x00]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [321, [0xc1, 0x02]],
    [16383, [0xff, 0x7f]],
    [16384, [0x80, 0x80, 0x01]],
    [2097151, [0xff, 0xff, 0x7f]],
    [2097152, [0x80, 0x80, 0x80, 0x01]],
    [MAX_REMAINING_LENGTH, [0xff, 0xff, 0xff, 0x7f]],
  ];

  it.each(table)('%i is written as %j', (n, encoded) => {
    const out = new Uint8Array(5);
    expect(writeRemainingLength(out, 1, n)).toBe(1 + encoded.length);
    expect(Array.from(out.subarray(1, 1 + encoded.length))).toEqual(encoded);
    expect(remainingLengthSize(n)).toBe(encoded.length);
  });

  it.each(table)('%i is read back from %j, and not before its last byte', (n, encoded) => {
    const bytes = u8(0x30, ...encoded);
    expect(readRemainingLength(bytes, 1, bytes.length)).toBe(n);
    for (let end = 1; end < bytes.length; end++) expect(readRemainingLength(bytes, 1, end)).toBe(-1);
  });

  it('refuses a fifth length byte [MQTT-2.2.3]', () => {
    expectProtocolError(u8(0x30, 0xff, 0xff, 0xff, 0xff, 0x7f), 'MALFORMED_REMAINING_LENGTH', 'remaining length takes more than 4 bytes [MQTT-2.2.3]');
    expectProtocolError(u8(0x30, 0x80, 0x80, 0x80, 0x80), 'MALFORMED_REMAINING_LENGTH', 'remaining length takes more than 4 bytes [MQTT-2.2.3]');
  });

  it.each([
    [[0x80, 0x00], 0],
    [[0xff, 0x00], 127],
    [[0x80, 0x80, 0x00], 0],
    [[0x81, 0x80, 0x80, 0x00], 1],
  ])('refuses the non-shortest form %j of %i', (encoded, value) => {
    expectProtocolError(u8(0xc0, ...encoded), 'MALFORMED_REMAINING_LENGTH', 'remaining length ' + value + ' is not in its shortest form');
  });

  describe('maxPacketSize', () => {
    it('refuses a larger remaining length from the header alone, before the body arrives', () => {
      expectProtocolError(u8(0x30, 11), 'PACKET_TOO_LARGE', 'remaining length 11 exceeds maxPacketSize 10', { maxPacketSize: 10 });
      expectProtocolError(u8(0x30, 0xff, 0xff, 0xff, 0x7f), 'PACKET_TOO_LARGE', 'remaining length 268435455 exceeds maxPacketSize 1024', { maxPacketSize: 1024 });
    });

    it('accepts a remaining length equal to it', () => {
      const decoder = new PacketDecoder({ maxPacketSize: 5 });
      expect(decoder.push(u8(0x30, 5, 0, 1, 0x61, 1, 2))).toEqual([
        { type: 'publish', topic: 'a', payload: u8(1, 2), qos: 0, retain: false, dup: false },
      ]);
    });

    it('of 0 still lets the empty packets through', () => {
      const decoder = new PacketDecoder({ maxPacketSize: 0 });
      expect(decoder.push(u8(0xd0, 0))).toEqual([{ type: 'pingresp' }]);
      expect(() => decoder.push(u8(0x40, 2))).toThrow('remaining length 2 exceeds maxPacketSize 0');
    });
  });
});
