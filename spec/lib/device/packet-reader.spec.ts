import { encodePacket } from '../../../lib/codec';
import type { Packet } from '../../../lib/codec/packet';
import { MqttProtocolError } from '../../../lib/errors';
import { PacketHandler, PacketReader } from '../../../lib/device/packet-reader';

const binary = (bytes: Uint8Array): string => String.fromCharCode.apply(null, Array.from(bytes));

function recorder(): { handler: PacketHandler; seen: unknown[] } {
  const seen: unknown[] = [];
  const handler: PacketHandler = {
    connack: (sessionPresent, returnCode) => seen.push(['connack', sessionPresent, returnCode]),
    publish: (topic, payload, qos, retain, dup, packetId) => seen.push(['publish', topic, Array.from(payload), qos, retain, dup, packetId]),
    ack: (type, packetId, code) => seen.push(['ack', type, packetId, code]),
    pingresp: () => seen.push(['pingresp']),
  };
  return { handler, seen };
}

const stream: Packet[] = [
  { type: 'connack', sessionPresent: true, returnCode: 0 },
  { type: 'publish', topic: 'a/\u00e9', payload: new Uint8Array([0, 200, 255]), qos: 1, retain: true, dup: true, packetId: 258 },
  { type: 'publish', topic: 't', payload: new Uint8Array(300).fill(65), qos: 0, retain: false, dup: false },
  { type: 'puback', packetId: 7 },
  { type: 'suback', packetId: 8, granted: [0x80] },
  { type: 'unsuback', packetId: 9 },
  { type: 'pingresp' },
];
const expected = [
  ['connack', true, 0],
  ['publish', 'a/\u00e9', [0, 200, 255], 1, true, true, 258],
  ['publish', 't', new Array(300).fill(65), 0, false, false, 0],
  ['ack', 4, 7, 0],
  ['ack', 9, 8, 0x80],
  ['ack', 11, 9, 0],
  ['pingresp'],
];
const all = binary(new Uint8Array(stream.reduce<number[]>((acc, p) => acc.concat(Array.from(encodePacket(p))), [])));

describe('device packet reader', () => {
  it('decodes what a broker sends a client, in one chunk', () => {
    const { handler, seen } = recorder();
    new PacketReader(handler, 65536).push(all);
    expect(seen).toEqual(expected);
  });

  it('decodes the same whatever the split: every split point into two chunks', () => {
    for (let at = 0; at <= all.length; at++) {
      const { handler, seen } = recorder();
      const reader = new PacketReader(handler, 65536);
      reader.push(all.substring(0, at));
      reader.push(all.substring(at));
      expect(seen).toEqual(expected);
    }
  });

  it('one byte at a time', () => {
    const { handler, seen } = recorder();
    const reader = new PacketReader(handler, 65536);
    for (let i = 0; i < all.length; i++) reader.push(all.charAt(i));
    expect(seen).toEqual(expected);
  });

  it.each<[string, Packet | string, string]>([
    ['a CONNECT (the broker side)', { type: 'connect', clientId: 'x', keepalive: 0, clean: true }, 'UNEXPECTED_PACKET'],
    ['a SUBSCRIBE', { type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a', qos: 0 }] }, 'UNEXPECTED_PACKET'],
    ['a PUBREL (a QoS 2 flow)', { type: 'pubrel', packetId: 1 }, 'UNEXPECTED_PACKET'],
    ['packet type 0', '\x00\x00', 'UNEXPECTED_PACKET'],
    ['a CONNACK of 3 bytes', '\x20\x03\x00\x00\x00', 'UNEXPECTED_PACKET'],
    ['a QoS 2 PUBLISH', { type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 2, retain: false, dup: false, packetId: 1 }, 'INVALID_QOS'],
    ['a five-byte Remaining Length', '\x30\xff\xff\xff\xff\x01', 'MALFORMED_REMAINING_LENGTH'],
  ])('refuses %s with an MqttProtocolError', (_name, packet, code) => {
    const { handler } = recorder();
    const chunk = typeof packet === 'string' ? packet : binary(encodePacket(packet));
    let error: unknown;
    try {
      new PacketReader(handler, 65536).push(chunk);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MqttProtocolError);
    expect((error as MqttProtocolError).code).toBe(code);
  });

  it('refuses a packet over maxPacketSize as soon as its header says so', () => {
    const { handler } = recorder();
    const header = binary(encodePacket({ type: 'publish', topic: 't', payload: new Uint8Array(100), qos: 0, retain: false, dup: false })).substring(0, 2);
    expect(() => new PacketReader(handler, 50).push(header)).toThrow(expect.objectContaining({ code: 'PACKET_TOO_LARGE' }));
  });
});
