import { encodeSuback, encodeSubscribe, encodeUnsubscribe } from '../../../lib/codec/encode-subscribe';
import type { SubackPacket, SubscribePacket, UnsubscribePacket } from '../../../lib/codec/packet';

describe('encodeSubscribe', () => {
  it.each([
    [{ packetId: 0, subscriptions: [{ topic: 'a', qos: 0 }] }, RangeError, 'SUBSCRIBE: packetId must be an integer from 1 to 65535, got 0'],
    [{ packetId: 1, subscriptions: [] }, RangeError, 'SUBSCRIBE: subscriptions must not be empty [MQTT-3.8.3-3]'],
    [{ packetId: 1, subscriptions: 'a' }, TypeError, 'SUBSCRIBE: subscriptions must be an array'],
    [{ packetId: 1, subscriptions: [{ topic: 'a#', qos: 0 }] }, RangeError, 'topic filter "a#" "#" must be a whole level and the last one [MQTT-4.7.1-2]'],
    [{ packetId: 1, subscriptions: [{ topic: 'a', qos: 3 }] }, RangeError, 'SUBSCRIBE: qos must be 0, 1 or 2, got 3'],
    [{ packetId: 1, subscriptions: [{ topic: 1, qos: 0 }] }, TypeError, 'topic filter must be a string, got number'],
  ])('refuses %j', (fields, cls, message) => {
    expect(() => encodeSubscribe(Object.assign({ type: 'subscribe' }, fields) as SubscribePacket)).toThrow(new cls(message));
  });
});

describe('encodeSuback', () => {
  it.each([
    [{ packetId: 1, granted: [3] }, RangeError, 'SUBACK: granted codes must be 0, 1, 2 or 128, got 3 [MQTT-3.9.3-2]'],
    [{ packetId: 1, granted: [] }, RangeError, 'SUBACK: granted must not be empty [MQTT-3.9.3-1]'],
    [{ packetId: 65536, granted: [0] }, RangeError, 'SUBACK: packetId must be an integer from 1 to 65535, got 65536'],
  ])('refuses %j', (fields, cls, message) => {
    expect(() => encodeSuback(Object.assign({ type: 'suback' }, fields) as SubackPacket)).toThrow(new cls(message));
  });
});

describe('encodeUnsubscribe', () => {
  it.each([
    [{ packetId: 1, topics: [] }, RangeError, 'UNSUBSCRIBE: topics must not be empty [MQTT-3.10.3-2]'],
    [{ packetId: 1, topics: [''] }, RangeError, 'topic filter "" is empty [MQTT-4.7.3-1]'],
    [{ packetId: '1', topics: ['a'] }, TypeError, 'UNSUBSCRIBE: packetId must be a number, got string'],
  ])('refuses %j', (fields, cls, message) => {
    expect(() => encodeUnsubscribe(Object.assign({ type: 'unsubscribe' }, fields) as UnsubscribePacket)).toThrow(new cls(message));
  });
});
