import { encodeAck, encodePublish, encodePuback, measurePublish } from '../../../lib/codec/encode-publish';
import { bytes, str } from './support/fixtures';

const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('encodePublish', () => {
  it('encodes QoS 0 by default', () => {
    expect(encodePublish('a/b', u8(0x68, 0x69))).toEqual(bytes(0x30, 7, str('a/b'), 'hi'));
  });

  it('encodes a string payload as UTF-8', () => {
    expect(encodePublish('t', 'hé', 1, true, false, 5)).toEqual(bytes(0x33, 8, str('t'), 0, 5, 'h', 0xc3, 0xa9));
  });

  it('encodes long string payloads and non-ASCII topics', () => {
    const payload = 'ü'.repeat(100);
    const out = encodePublish('ä/ö', payload);
    expect(out.length).toBe(2 + 1 + 2 + 5 + 200);
    expect(Array.from(out.subarray(0, 10))).toEqual([0x30, 0x80 | (207 & 0x7f), 1, 0, 5, 0xc3, 0xa4, 0x2f, 0xc3, 0xb6]);
    expect(new TextDecoder().decode(out.subarray(10))).toBe(payload);
  });

  it('copies large payloads', () => {
    const payload = new Uint8Array(1000).fill(7);
    const out = encodePublish('t', payload, 2, false, true, 65535);
    expect(Array.from(out.subarray(0, 9))).toEqual([0x3c, 0xed, 0x07, 0, 1, 0x74, 0xff, 0xff, 7]);
    expect(out.length).toBe(3 + 5 + 1000);
    expect(out[out.length - 1]).toBe(7);
  });

  it.each([
    [[42, u8()], TypeError, 'PUBLISH: topic name must be a string, got number'],
    [['', u8()], RangeError, 'PUBLISH: topic name "" is empty [MQTT-4.7.3-1]'],
    [['a/+', u8()], RangeError, 'PUBLISH: topic name "a/+" contains the wildcard "+" [MQTT-3.3.2-2]'],
    [['é/#', u8()], RangeError, 'PUBLISH: topic name "é/#" contains the wildcard "#" [MQTT-3.3.2-2]'],
    [['a\u0000', u8()], RangeError, 'PUBLISH: topic name "a\u0000" contains U+0000 [MQTT-4.7.3-2]'],
    [['a\ud800', u8()], RangeError, 'PUBLISH: topic name "a\ud800" contains a lone surrogate [MQTT-1.5.3-1]'],
    [['t', [1, 2]], TypeError, 'PUBLISH: payload must be a Uint8Array or a string'],
    [['t', u8(), 3], RangeError, 'PUBLISH: qos must be 0, 1 or 2, got 3'],
    [['t', u8(), '1'], TypeError, 'PUBLISH: qos must be a number, got string'],
    [['t', u8(), 1], TypeError, 'PUBLISH: packetId must be a number, got undefined'],
    [['t', u8(), 1, false, false, 0], RangeError, 'PUBLISH: packetId must be an integer from 1 to 65535, got 0'],
    [['t', u8(), 2, false, false, 65536], RangeError, 'PUBLISH: packetId must be an integer from 1 to 65535, got 65536'],
    [['t', u8(), 1, false, false, 1.5], RangeError, 'PUBLISH: packetId must be an integer from 1 to 65535, got 1.5'],
    [['t', u8(), 0, false, true], RangeError, 'PUBLISH: DUP must be false for QoS 0 [MQTT-3.3.1-2]'],
    [['t', 'a\udc00'], RangeError, 'string holds a lone surrogate at index 1, not representable in UTF-8'],
  ])('refuses %j', (args, cls, message) => {
    const call = (): Uint8Array => (encodePublish as (...a: unknown[]) => Uint8Array)(...(args as unknown[]));
    expect(call).toThrow(new cls(message));
  });

  describe.each([
    ['encodePublish', (topic: string): number => encodePublish(topic, u8(1)).length],
    ['measurePublish', (topic: string): number => measurePublish(topic, u8(1))],
  ])('%s', (_name, size) => {
    it.each([
      ['an ASCII', 'a'.repeat(65535), 'a'.repeat(65536), 'a'.repeat(64)],
      ['a non-ASCII', 'é'.repeat(32767) + 'a', 'é'.repeat(32768), 'é'.repeat(64)],
    ])('accepts %s topic of 65535 bytes and refuses one of 65536', (_kind, longest, tooLong, shown) => {
      expect(size(longest)).toBe(1 + 3 + 2 + 65535 + 1); // header, remaining length, topic length, topic, payload
      expect(() => size(tooLong)).toThrow(new RangeError(
        'PUBLISH: topic name "' + shown + '" is 65536 bytes long, over 65535 [MQTT-4.7.3-3]',
      ));
    });
  });

  it('refuses a topic over 65535 bytes', () => {
    expect(() => encodePublish('€'.repeat(21846), u8())).toThrow(new RangeError(
      'PUBLISH: topic name "' + '€'.repeat(64) + '" is 65538 bytes long, over 65535 [MQTT-4.7.3-3]',
    ));
  });

  it('refuses a packet over 268435455 bytes of remaining length', () => {
    const huge = { length: 268435455 - 2 } as unknown as Uint8Array;
    Object.setPrototypeOf(huge, Uint8Array.prototype);
    expect(() => encodePublish('t', huge)).toThrow(new RangeError('PUBLISH: remaining length 268435456 exceeds 268435455'));
  });
});

describe('encodeAck / encodePuback', () => {
  it.each([
    [4, 0x40], [5, 0x50], [6, 0x62], [7, 0x70], [11, 0xb0],
  ] as const)('type %i starts with %i', (type, first) => {
    expect(encodeAck(type, 0x0102)).toEqual(u8(first, 2, 1, 2));
  });

  it('encodePuback is PUBACK', () => {
    expect(encodePuback(65535)).toEqual(u8(0x40, 2, 0xff, 0xff));
  });

  it.each([
    [0, RangeError, 'ACK: packetId must be an integer from 1 to 65535, got 0'],
    [70000, RangeError, 'ACK: packetId must be an integer from 1 to 65535, got 70000'],
    [undefined, TypeError, 'ACK: packetId must be a number, got undefined'],
  ])('refuses packetId %j', (id, cls, message) => {
    expect(() => encodePuback(id as number)).toThrow(new cls(message));
  });
});
