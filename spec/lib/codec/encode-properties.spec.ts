/**
 * MQTT 5 encoding argument errors: TypeError for the wrong type or an unknown name,
 * RangeError for what the packet may not carry.
 */
import { encodePacket } from '../../../lib/codec/encode';
import { encodeProperties } from '../../../lib/codec/encode-properties';
import type { Packet } from '../../../lib/codec/packet';

const V5 = { protocolVersion: 5 as const };
const publish = (properties: unknown, topic = 't'): Packet =>
  ({ type: 'publish', topic, payload: new Uint8Array(0), qos: 0, retain: false, dup: false, properties } as Packet);

describe('encodeProperties', () => {
  it('writes an absent or empty list as the one byte 0', () => {
    expect(encodeProperties(undefined, 3, 'PUBLISH')).toEqual(new Uint8Array([0]));
    expect(encodeProperties({}, 3, 'PUBLISH')).toEqual(new Uint8Array([0]));
  });

  it('writes a list of 128 bytes or more with a two-byte length', () => {
    const b = encodeProperties({ reasonString: 'x'.repeat(200) }, 4, 'PUBACK');
    expect(Array.from(b.subarray(0, 6))).toEqual([0xcb, 0x01, 0x1f, 0, 200, 0x78]);
    expect(b.length).toBe(2 + 203);
  });

  it.each([
    [{ topicAlias: '1' }, TypeError, 'PUBLISH properties topicAlias must be a number, got string'],
    [{ payloadFormatIndicator: 1 }, TypeError, 'PUBLISH properties payloadFormatIndicator must be a boolean, got number'],
    [{ correlationData: 'abc' }, TypeError, 'PUBLISH properties correlationData must be a Uint8Array'],
    [{ contentType: 5 }, TypeError, 'PUBLISH properties contentType must be a string, got number'],
    [{ userProperties: 'a=b' }, TypeError, 'PUBLISH properties userProperties must be an object'],
    [{ userProperties: { a: 1 } }, TypeError, 'PUBLISH properties user property "a" must be a string, got number'],
    [{ topicAlais: 1 }, TypeError, 'PUBLISH properties: unknown property topicAlais'],
    [{ topicAlias: 0 }, RangeError, 'PUBLISH properties topicAlias must be an integer from 1 to 65535, got 0'],
    [{ messageExpiryInterval: 4294967296 }, RangeError, 'PUBLISH properties messageExpiryInterval must be an integer from 0 to 4294967295, got 4294967296'],
    [{ subscriptionIdentifier: 268435456 }, RangeError, 'PUBLISH properties subscriptionIdentifier must be an integer from 1 to 268435455, got 268435456'],
    [{ contentType: 'a\u0000' }, RangeError, 'PUBLISH properties contentType contains U+0000 [MQTT-1.5.3-2]'],
    [{ correlationData: new Uint8Array(65536) }, RangeError, 'PUBLISH properties correlationData is 65536 bytes, over 65535'],
    [{ reasonString: 'x' }, RangeError, 'PUBLISH properties: reasonString is not allowed here'],
    [{ sessionExpiryInterval: 1 }, RangeError, 'PUBLISH properties: sessionExpiryInterval is not allowed here'],
  ])('refuses PUBLISH properties %j', (properties, cls, message) => {
    expect(() => encodePacket(publish(properties), V5)).toThrow(new cls(message));
  });

  it('refuses a list where one value is allowed', () => {
    expect(() => encodePacket({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a', qos: 0 }], properties: { subscriptionIdentifier: [1, 2] } } as unknown as Packet, V5))
      .toThrow(new TypeError('SUBSCRIBE properties subscriptionIdentifier must be a number, got object'));
  });

  it('refuses properties that are not an object', () => {
    expect(() => encodePacket(publish('x'), V5)).toThrow(new TypeError('PUBLISH properties must be an object'));
  });

  it('refuses an empty topic without a topic alias, and takes it with one', () => {
    expect(() => encodePacket(publish(undefined, ''), V5)).toThrow(RangeError);
    expect(encodePacket(publish({ topicAlias: 2 }, ''), V5)).toEqual(new Uint8Array([0x30, 6, 0, 0, 3, 0x23, 0, 2]));
  });

  it('refuses a will property in CONNECT and a CONNECT property in the will', () => {
    const connect = (properties: unknown, willProperties: unknown): Packet => ({
      type: 'connect', protocolLevel: 5, clientId: 'c', keepalive: 0, clean: true, properties,
      will: { topic: 'w', payload: new Uint8Array(0), qos: 0, retain: false, properties: willProperties },
    } as Packet);
    expect(() => encodePacket(connect({ willDelayInterval: 1 }, undefined))).toThrow(new RangeError('CONNECT properties: willDelayInterval is not allowed here'));
    expect(() => encodePacket(connect(undefined, { receiveMaximum: 1 }))).toThrow(new RangeError('CONNECT will properties: receiveMaximum is not allowed here'));
  });
});

describe('MQTT 5 encoding argument errors', () => {
  it.each([
    [{ type: 'puback', packetId: 1, reasonCode: 0x92 }, RangeError, 'PUBACK: reason code 0x92 is not one PUBACK may carry (0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99)'],
    [{ type: 'pubrel', packetId: 1, reasonCode: 0x10 }, RangeError, 'PUBREL: reason code 0x10 is not one PUBREL may carry (0x00, 0x92)'],
    [{ type: 'puback', packetId: 1, reasonCode: 256 }, RangeError, 'PUBACK: reasonCode must be an integer from 0 to 255, got 256'],
    [{ type: 'puback', packetId: 0 }, RangeError, 'PUBACK: packetId must be an integer from 1 to 65535, got 0'],
    [{ type: 'disconnect', reasonCode: 0x05 }, RangeError, 'DISCONNECT: reason code 0x05 is not one DISCONNECT may carry'],
    [{ type: 'auth', reasonCode: 0x01 }, RangeError, 'AUTH: reason code 0x01 is not one AUTH may carry (0x00, 0x18, 0x19)'],
    [{ type: 'connack', sessionPresent: true, reasonCode: 0x80 }, RangeError, 'CONNACK: sessionPresent must be false with a refusing reasonCode [MQTT-3.2.2-6]'],
    [{ type: 'connack', sessionPresent: false, reasonCode: 0x10 }, RangeError, 'CONNACK: reason code 0x10 is not one CONNACK may carry'],
    [{ type: 'suback', packetId: 1, granted: [] }, RangeError, 'SUBACK: the reason code list must not be empty'],
    [{ type: 'suback', packetId: 1, granted: [3] }, RangeError, 'SUBACK: reason code 0x03 is not one SUBACK may carry'],
    [{ type: 'unsuback', packetId: 1 }, TypeError, 'UNSUBACK: reasonCodes must be an array'],
    [{ type: 'unsuback', packetId: 1, reasonCodes: [0x12] }, RangeError, 'UNSUBACK: reason code 0x12 is not one UNSUBACK may carry'],
    [{ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a', qos: 0, retainHandling: 3 }] }, RangeError, 'SUBSCRIBE: retainHandling must be an integer from 0 to 2, got 3'],
    [{ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a', qos: 0, noLocal: 'yes' }] }, TypeError, 'SUBSCRIBE: noLocal must be a boolean, got string'],
    [{ type: 'subscribe', packetId: 1, subscriptions: [{ topic: '$share/g/a', qos: 0, noLocal: true }] }, RangeError, 'SUBSCRIBE: noLocal on a shared subscription [MQTT-3.8.3-4]'],
    [{ type: 'subscribe', packetId: 1, subscriptions: [] }, RangeError, 'SUBSCRIBE: subscriptions must not be empty [MQTT-3.8.3-2]'],
    [{ type: 'unsubscribe', packetId: 1, topics: [] }, RangeError, 'UNSUBSCRIBE: topics must not be empty [MQTT-3.10.3-2]'],
    [{ type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: true }, RangeError, 'PUBLISH: DUP must be false for QoS 0 [MQTT-3.3.1-2]'],
    [{ type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 1, retain: false, dup: false }, TypeError, 'PUBLISH: packetId must be a number, got undefined'],
    [{ type: 'publish', topic: 't', payload: 5, qos: 0, retain: false, dup: false }, TypeError, 'PUBLISH: payload must be a Uint8Array or a string'],
  ])('refuses %j', (packet, cls, message) => {
    let error: unknown;
    try {
      encodePacket(packet as unknown as Packet, V5);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(cls);
    expect((error as Error).message.indexOf(message)).toBe(0);
  });
});
