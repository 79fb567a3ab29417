import { decodePublish, decodeTopicName } from '../../../lib/codec/decode-publish';
import { bytes, str } from './support/fixtures';
import { expectProtocolError } from './support/expect-protocol-error';

describe('decodePublish', () => {
  it('decodes in place: the payload is a view of the given bytes', () => {
    const b = bytes(0x32, 7, str('t'), 0, 9, 1, 2);
    const p = decodePublish(b, 2, b.length, 0x32);
    expect(p).toEqual({ type: 'publish', topic: 't', payload: new Uint8Array([1, 2]), qos: 1, retain: false, dup: false, packetId: 9 });
    expect(p.payload.buffer).toBe(b.buffer);
  });

  it('leaves packetId out of QoS 0 messages', () => {
    const b = bytes(0x30, 4, str('t'), 5);
    expect('packetId' in decodePublish(b, 2, b.length, 0x30)).toBe(false);
  });

  it.each([
    ['no topic length', bytes(0x30, 1, 0)],
    ['no topic length, next packet in the same chunk', bytes(0x30, 0, 0x30, 3, str('a'))],
    ['QoS 1 without room for the packet id', bytes(0x32, 3, str('a'))],
    ['a topic longer than the packet', bytes(0x30, 4, 0, 5, 'ab')],
    ['a QoS 2 packet id cut by the end', bytes(0x34, 4, str('a'), 0)],
  ])('refuses %s with TRUNCATED_PACKET', (_name, b) => {
    expectProtocolError(b, 'TRUNCATED_PACKET', 'PUBLISH: topic name or packet identifier runs past the end of the packet');
  });

  it('refuses an empty topic [MQTT-4.7.3-1]', () => {
    expectProtocolError(bytes(0x30, 2, 0, 0), 'INVALID_TOPIC_NAME', 'PUBLISH: empty topic name [MQTT-4.7.3-1]');
  });

  it.each(['+', '#', 'a/+', 'a/#/b', 'x+y'])('refuses the wildcard topic %j [MQTT-3.3.2-2]', (topic) => {
    const w = topic.indexOf('+') >= 0 ? '+' : '#';
    expectProtocolError(
      bytes(0x30, 2 + topic.length, str(topic)),
      'INVALID_TOPIC_NAME',
      'PUBLISH: topic name contains the wildcard "' + w + '" [MQTT-3.3.2-2]',
    );
  });

  it('refuses U+0000 in the topic [MQTT-4.7.3-2]', () => {
    expectProtocolError(bytes(0x30, 5, 0, 3, 'a', 0, 'b'), 'NULL_CHARACTER', 'PUBLISH: topic name contains U+0000 [MQTT-4.7.3-2]');
  });

  it.each([
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong "/"', [0xc0, 0xaf], 0],
    ['an encoded surrogate', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['a cut 3-byte sequence', [0xe2, 0x82], 0],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['the byte 0xff', [0xff], 0],
  ])('refuses %s in the topic [MQTT-1.5.3-1]', (_name, topic, at) => {
    expectProtocolError(
      bytes(0x30, 2 + topic.length, 0, topic.length, topic),
      'MALFORMED_UTF8',
      'PUBLISH: topic name: ill-formed UTF-8 at byte ' + at + ' of the string [MQTT-1.5.3-1]',
    );
  });

  it('refuses packet id 0 on QoS 1 and 2 [MQTT-2.3.1-1]', () => {
    expectProtocolError(bytes(0x32, 5, str('a'), 0, 0), 'INVALID_PACKET_ID', 'PUBLISH: packet identifier 0 [MQTT-2.3.1-1]');
    expectProtocolError(bytes(0x34, 5, str('a'), 0, 0), 'INVALID_PACKET_ID', 'PUBLISH: packet identifier 0 [MQTT-2.3.1-1]');
  });
});

describe('decodeTopicName', () => {
  it('keeps a leading U+FEFF [MQTT-1.5.3-3]', () => {
    expect(decodeTopicName(bytes(0xef, 0xbb, 0xbf, 'x'), 0, 4, 'PUBLISH')).toBe('\ufeffx');
  });

  it('decodes long non-ASCII names', () => {
    const name = 'température/€/'.repeat(10);
    const b = new TextEncoder().encode(name);
    expect(decodeTopicName(b, 0, b.length, 'PUBLISH')).toBe(name);
  });
});
