import { encodePacket } from '../../../lib/codec';
import type { Packet } from '../../../lib/codec/packet';
import { connectPacket, DISCONNECT, PINGREQ, publishPacket, pubackPacket, subscribePacket, unsubscribePacket } from '../../../lib/device/packet-writer';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

// Each row: the device writer's bytes must equal the full codec's for the same packet.
const rows: Array<[string, Uint8Array, Packet]> = [
  ['CONNECT, clean, no credentials', connectPacket({ clientId: 'esp32', keepalive: 60, clean: true }),
    { type: 'connect', clientId: 'esp32', keepalive: 60, clean: true }],
  ['CONNECT with will, user name and password', connectPacket({
    clientId: 'c', keepalive: 30, clean: false, username: 'u', password: 'p\u00e9',
    will: { topic: 'w/t', payload: 'gone', qos: 1, retain: true },
  }), { type: 'connect', clientId: 'c', keepalive: 30, clean: false, username: 'u', password: bytes('p\u00e9'),
    will: { topic: 'w/t', payload: bytes('gone'), qos: 1, retain: true } }],
  ['PUBLISH QoS 0', publishPacket('a/b', 'x', 0, false, false, 0), { type: 'publish', topic: 'a/b', payload: bytes('x'), qos: 0, retain: false, dup: false }],
  ['PUBLISH QoS 1 retained, DUP, UTF-8 topic', publishPacket('t/\u00e9', new Uint8Array([1, 2, 255]), 1, true, true, 513),
    { type: 'publish', topic: 't/\u00e9', payload: new Uint8Array([1, 2, 255]), qos: 1, retain: true, dup: true, packetId: 513 }],
  ['PUBLISH over 127 bytes (two-byte Remaining Length)', publishPacket('t', 'x'.repeat(300), 1, false, false, 7),
    { type: 'publish', topic: 't', payload: bytes('x'.repeat(300)), qos: 1, retain: false, dup: false, packetId: 7 }],
  ['PUBACK', pubackPacket(65535), { type: 'puback', packetId: 65535 }],
  ['SUBSCRIBE', subscribePacket(3, 'sensors/#', 1), { type: 'subscribe', packetId: 3, subscriptions: [{ topic: 'sensors/#', qos: 1 }] }],
  ['UNSUBSCRIBE', unsubscribePacket(4, 'sensors/#'), { type: 'unsubscribe', packetId: 4, topics: ['sensors/#'] }],
  ['PINGREQ', PINGREQ, { type: 'pingreq' }],
  ['DISCONNECT', DISCONNECT, { type: 'disconnect' }],
];

describe('device packet writer: the same bytes as the full codec', () => {
  it.each(rows)('%s', (_name, actual, packet) => {
    expect(Array.from(actual)).toEqual(Array.from(encodePacket(packet)));
  });
});
