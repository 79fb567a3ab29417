/**
 * MQTT 5 property lists that break the rules [MQTT-2.2.2]: each error with its class,
 * code and message, in one chunk and byte by byte.
 */
import { PacketDecoder } from '../../../lib/codec/decoder';
import { PROPERTY_LIST } from '../../../lib/codec/property-defs';
import { expectProtocolError } from './support/expect-protocol-error';
import { str } from './support/fixtures';
import { packet, props } from './support/fixtures5';

const V5 = { protocolVersion: 5 as const };
/** A PUBACK (reason code 0) carrying this property list. */
const puback = (...list: Parameters<typeof props>): Uint8Array => packet(0x40, 0, 1, 0, props(...list));
/** A QoS 0 PUBLISH to "t" carrying this property list. */
const publish = (...list: Parameters<typeof props>): Uint8Array => packet(0x30, str('t'), props(...list));

describe('readProperties', () => {
  it('defines the 27 property identifiers of MQTT 5', () => {
    expect(PROPERTY_LIST.length).toBe(27);
    expect(PROPERTY_LIST.map((p) => p.id)).toEqual([
      0x01, 0x02, 0x03, 0x08, 0x09, 0x0b, 0x11, 0x12, 0x13, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1c, 0x1f,
      0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a,
    ]);
  });

  it.each([0x00, 0x04, 0x0a, 0x14, 0x20, 0x2b, 0x7f, 0xff])('refuses the unknown identifier %i', (id) => {
    const hex = '0x' + (id < 16 ? '0' : '') + id.toString(16);
    expectProtocolError(puback(id, 0), 'UNKNOWN_PROPERTY', 'PUBACK: unknown property identifier ' + hex + ' in the properties', V5);
  });

  it.each([
    ['topicAlias in a PUBACK', puback(0x23, 0, 1), 'PUBACK: property topicAlias (0x23) is not allowed in the properties'],
    ['reasonString in a PUBLISH', publish(0x1f, str('x')), 'PUBLISH: property reasonString (0x1f) is not allowed in the properties'],
    ['sessionExpiryInterval in a PUBLISH', publish(0x11, 0, 0, 0, 1), 'PUBLISH: property sessionExpiryInterval (0x11) is not allowed in the properties'],
    ['willDelayInterval in a CONNACK', packet(0x20, 0, 0, props(0x18, 0, 0, 0, 1)), 'CONNACK: property willDelayInterval (0x18) is not allowed in the properties'],
    ['serverKeepAlive in a DISCONNECT', packet(0xe0, 0, props(0x13, 0, 1)), 'DISCONNECT: property serverKeepAlive (0x13) is not allowed in the properties'],
    ['subscriptionIdentifier in an UNSUBSCRIBE', packet(0xa2, 0, 1, props(0x0b, 1), str('a')), 'UNSUBSCRIBE: property subscriptionIdentifier (0x0b) is not allowed in the properties'],
    ['reasonString in AUTH, fine; serverReference not', packet(0xf0, 0x18, props(0x1f, str('r'), 0x1c, str('s'))), 'AUTH: property serverReference (0x1c) is not allowed in the properties'],
  ])('refuses %s', (_name, bytes, message) => {
    expectProtocolError(bytes, 'PROPERTY_NOT_ALLOWED', message, V5);
  });

  it('refuses a CONNECT property in the will properties, and a will property in the CONNECT properties', () => {
    const connect = (p: ReturnType<typeof props>, willP: ReturnType<typeof props>): Uint8Array =>
      packet(0x10, str('MQTT'), 5, 0x06, 0, 60, p, str('c'), willP, str('w'), 0, 0);
    expectProtocolError(connect(props(), props(0x11, 0, 0, 0, 1)), 'PROPERTY_NOT_ALLOWED',
      'CONNECT: property sessionExpiryInterval (0x11) is not allowed in the will properties', V5);
    expectProtocolError(connect(props(0x18, 0, 0, 0, 1), props()), 'PROPERTY_NOT_ALLOWED',
      'CONNECT: property willDelayInterval (0x18) is not allowed in the properties', V5);
  });

  it.each([
    ['reasonString', puback(0x1f, str('a'), 0x1f, str('b')), 'PUBACK: property reasonString (0x1f) appears more than once in the properties'],
    ['topicAlias', publish(0x23, 0, 1, 0x23, 0, 1), 'PUBLISH: property topicAlias (0x23) appears more than once in the properties'],
    ['subscriptionIdentifier in SUBSCRIBE', packet(0x82, 0, 1, props(0x0b, 1, 0x0b, 2), str('a'), 0), 'SUBSCRIBE: property subscriptionIdentifier (0x0b) appears more than once in the properties'],
    ['maximumQoS', packet(0x20, 0, 0, props(0x24, 0, 0x24, 1)), 'CONNACK: property maximumQoS (0x24) appears more than once in the properties'],
  ])('refuses a second %s', (_name, bytes, message) => {
    expectProtocolError(bytes, 'DUPLICATE_PROPERTY', message, V5);
  });

  it('takes repeated user properties anywhere, and repeated subscription identifiers in PUBLISH', () => {
    const p = new PacketDecoder(V5).push(publish(0x0b, 1, 0x26, str('a'), str('1'), 0x0b, 2, 0x26, str('a'), str('2'), 0x0b, 3));
    expect(p[0]).toMatchObject({ properties: { subscriptionIdentifier: [1, 2, 3], userProperties: { a: ['1', '2'] } } });
  });

  it.each([
    ['payloadFormatIndicator 2', publish(0x01, 2), 'payloadFormatIndicator is 2, must be 0 to 1'],
    ['retainAvailable 255', packet(0x20, 0, 0, props(0x25, 255)), 'retainAvailable is 255, must be 0 to 1'],
    ['maximumQoS 2', packet(0x20, 0, 0, props(0x24, 2)), 'maximumQoS is 2, must be 0 to 1'],
    ['receiveMaximum 0', packet(0x20, 0, 0, props(0x21, 0, 0)), 'receiveMaximum is 0, must be 1 to 65535'],
    ['maximumPacketSize 0', packet(0x20, 0, 0, props(0x27, 0, 0, 0, 0)), 'maximumPacketSize is 0, must be 1 to 4294967295'],
    ['topicAlias 0', publish(0x23, 0, 0), 'topicAlias is 0, must be 1 to 65535'],
    ['subscriptionIdentifier 0', publish(0x0b, 0), 'subscriptionIdentifier is 0, must be 1 to 268435455'],
  ])('refuses %s', (_name, bytes, detail) => {
    const type = bytes[0] === 0x30 ? 'PUBLISH' : 'CONNACK';
    expectProtocolError(bytes, 'INVALID_PROPERTY_VALUE', type + ': property ' + detail, V5);
  });

  it.each([
    ['a property length of 5 bytes', packet(0x40, 0, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x01), 'properties length takes more than 4 bytes [MQTT-1.5.5]'],
    ['a property length not in its shortest form', packet(0x40, 0, 1, 0, 0x80, 0x00), 'properties length is not in its shortest form [MQTT-1.5.5-1]'],
    ['a subscription identifier not in its shortest form', publish(0x0b, 0x81, 0x00), 'subscriptionIdentifier is not in its shortest form [MQTT-1.5.5-1]'],
    ['a subscription identifier of 5 bytes', publish(0x0b, 0xff, 0xff, 0xff, 0xff, 0x01), 'subscriptionIdentifier takes more than 4 bytes [MQTT-1.5.5]'],
  ])('refuses %s', (_name, bytes, detail) => {
    const type = bytes[0] === 0x30 ? 'PUBLISH' : 'PUBACK';
    expectProtocolError(bytes, 'MALFORMED_VARIABLE_INTEGER', type + ': ' + detail, V5);
  });

  it.each([
    ['a property list longer than the packet', packet(0x40, 0, 1, 0, 5, 0x1f, 0, 1), 'properties'],
    ['a value running past the list', packet(0x40, 0, 1, 0, 3, 0x1f, 0, 5, 'abcde'), 'reasonString'],
    ['a two-byte integer cut by the list', packet(0x20, 0, 0, 2, 0x21, 0, 0), 'receiveMaximum'],
    ['a user property without its value', puback(0x26, str('k')), 'user property value length'],
  ])('refuses %s', (_name, bytes, field) => {
    const type = bytes[0] === 0x20 ? 'CONNACK' : 'PUBACK';
    expectProtocolError(bytes, 'TRUNCATED_PACKET', type + ': ' + field + ' runs past the end of the packet', V5);
  });

  it('refuses a string property holding U+0000 or bad UTF-8', () => {
    expectProtocolError(puback(0x1f, 0, 1, 0), 'NULL_CHARACTER', 'PUBACK: reasonString contains U+0000 [MQTT-1.5.3-2]', V5);
    expect(() => new PacketDecoder(V5).push(puback(0x1f, 0, 1, 0xff))).toThrow(expect.objectContaining({ code: 'MALFORMED_UTF8' }));
  });
});
