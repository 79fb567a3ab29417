import { bytes, str } from './support/fixtures';
import { expectProtocolError } from './support/expect-protocol-error';

const MQTT = str('MQTT');
/** A CONNECT with this variable header and payload, its remaining length computed. */
const connect = (...body: Parameters<typeof bytes>): Uint8Array => {
  const b = bytes(...body);
  return bytes(0x10, b.length, Array.from(b));
};

describe('decodeConnect', () => {
  it('refuses a protocol name other than MQTT (or MQIsdp) [MQTT-3.1.2-1]', () => {
    expectProtocolError(
      connect(str('MQTT5'), 5, 2, 0, 60, str('c')),
      'INVALID_PROTOCOL_NAME',
      'CONNECT: protocol name "MQTT5", must be "MQTT" [MQTT-3.1.2-1]',
    );
  });

  it.each([
    ['MQIsdp', 4, 'MQTT'],
    ['MQIsdp', 5, 'MQTT'],
    ['MQTT', 3, 'MQIsdp'],
  ])('refuses the protocol name %s with level %i [MQTT-3.1.2-1]', (name, level, expected) => {
    expectProtocolError(
      connect(str(name), level, 2, 0, 60, str('c')),
      'INVALID_PROTOCOL_NAME',
      'CONNECT: protocol name "' + name + '" with level ' + level + ', must be "' + expected + '" [MQTT-3.1.2-1]',
    );
  });

  it.each([0, 1, 2, 6, 255])('refuses protocol level %i [MQTT-3.1.2-2]', (level) => {
    expectProtocolError(
      connect(MQTT, level, 2, 0, 60, str('c')),
      'UNSUPPORTED_PROTOCOL_LEVEL',
      'CONNECT: protocol level ' + level + ', must be 3, 4 or 5 [MQTT-3.1.2-2]',
    );
  });

  it.each([
    [0x03, 'reserved flag bit 0 is set [MQTT-3.1.2-3]'],
    [0x0a, 'will QoS 1 without the will flag [MQTT-3.1.2-13]'],
    [0x12, 'will QoS 2 without the will flag [MQTT-3.1.2-13]'],
    [0x22, 'will retain without the will flag [MQTT-3.1.2-15]'],
    [0x42, 'password flag without the user name flag [MQTT-3.1.2-22]'],
  ])('refuses connect flags %i', (flags, message) => {
    expectProtocolError(connect(MQTT, 4, flags, 0, 60, str('c')), 'INVALID_CONNECT_FLAGS', 'CONNECT: ' + message);
  });

  it('refuses will QoS 3 [MQTT-3.1.2-14]', () => {
    expectProtocolError(connect(MQTT, 4, 0x1e, 0, 60, str('c'), str('w'), 0, 0), 'INVALID_QOS', 'CONNECT: will QoS 3 [MQTT-3.1.2-14]');
  });

  it.each([
    ['the protocol name', bytes(0x10, 3, 0, 4, 'M'), 'protocol name'],
    ['the protocol level', connect(MQTT), 'protocol level'],
    ['the keep alive', connect(MQTT, 4, 2, 0), 'keep alive'],
    ['the client id length', connect(MQTT, 4, 2, 0, 60), 'client identifier length'],
    ['the client id', connect(MQTT, 4, 2, 0, 60, 0, 5, 'ab'), 'client identifier'],
    ['the will topic', connect(MQTT, 4, 6, 0, 60, str('c')), 'will topic length'],
    ['the will message', connect(MQTT, 4, 6, 0, 60, str('c'), str('w')), 'will message length'],
    ['the will message bytes', connect(MQTT, 4, 6, 0, 60, str('c'), str('w'), 0, 3, 1), 'will message'],
    ['the user name', connect(MQTT, 4, 0x82, 0, 60, str('c')), 'user name length'],
    ['the password', connect(MQTT, 4, 0xc2, 0, 60, str('c'), str('u')), 'password length'],
  ])('refuses a CONNECT that ends inside %s', (_name, b, field) => {
    expectProtocolError(b, 'TRUNCATED_PACKET', 'CONNECT: ' + field + ' runs past the end of the packet');
  });

  it('refuses bytes after the last field', () => {
    expectProtocolError(connect(MQTT, 4, 2, 0, 60, str('c'), 0), 'TRAILING_BYTES', 'CONNECT: 1 bytes after the last field');
    expectProtocolError(connect(MQTT, 4, 0x82, 0, 60, str('c'), str('u'), 0, 0), 'TRAILING_BYTES', 'CONNECT: 2 bytes after the last field');
  });

  it('refuses U+0000 and ill-formed UTF-8 in strings [MQTT-1.5.3-1] [MQTT-1.5.3-2]', () => {
    expectProtocolError(connect(MQTT, 4, 2, 0, 60, 0, 2, 'a', 0), 'NULL_CHARACTER', 'CONNECT: client identifier contains U+0000 [MQTT-1.5.3-2]');
    expectProtocolError(
      connect(MQTT, 4, 0x82, 0, 60, str('c'), 0, 1, 0xc3),
      'MALFORMED_UTF8',
      'CONNECT: user name: ill-formed UTF-8 at byte 0 of the string [MQTT-1.5.3-1]',
    );
  });

  it('refuses a will topic with a wildcard', () => {
    expectProtocolError(
      connect(MQTT, 4, 6, 0, 60, str('c'), str('w/#'), 0, 0),
      'INVALID_TOPIC_NAME',
      'CONNECT will: topic name contains the wildcard "#" [MQTT-3.3.2-2]',
    );
  });
});

describe('decodeConnack', () => {
  it.each([2, 0x80, 0xff])('refuses acknowledge flags %i', (flags) => {
    expectProtocolError(
      bytes(0x20, 2, flags, 0),
      'INVALID_CONNACK_FLAGS',
      'CONNACK: reserved acknowledge flag bits set (' + flags + '), see section 3.2.2.1',
    );
  });

  it('refuses session present with a refusal [MQTT-3.2.2-4]', () => {
    expectProtocolError(bytes(0x20, 2, 1, 5), 'INVALID_CONNACK_FLAGS', 'CONNACK: session present with return code 5 [MQTT-3.2.2-4]');
  });
});
