/**
 * Codec fixtures: each packet next to the exact bytes the spec gives it, written by hand
 * (not by the encoder under test). Shared by the encoder, decoder and cross-check specs.
 */
import type { Packet } from '../../../../lib/codec/packet';

/** Bytes from parts: numbers are bytes, strings raw ASCII, arrays nested parts. */
export type Part = number | string | Part[];

export function bytes(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  const add = (p: Part): void => {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') for (let i = 0; i < p.length; i++) out.push(p.charCodeAt(i));
    else p.forEach(add);
  };
  parts.forEach(add);
  return new Uint8Array(out);
}

/** An ASCII string with its two-byte length prefix. */
export function str(s: string): Part[] {
  return [s.length >> 8, s.length & 0xff, s];
}

/** `n` bytes counting up from 0 (mod 256). */
export function seq(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = i & 0xff;
  return out;
}

const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);
const MQTT = str('MQTT');

export interface Fixture {
  name: string;
  packet: Packet;
  bytes: Uint8Array;
}

export const FIXTURES: Fixture[] = [
  // CONNECT [MQTT-3.1]
  {
    name: 'CONNECT clean, client id, keepalive 60',
    packet: { type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: 'c1', keepalive: 60, clean: true },
    bytes: bytes(0x10, 14, MQTT, 4, 0x02, 0, 60, str('c1')),
  },
  {
    name: 'CONNECT not clean, empty client id, keepalive 0',
    packet: { type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: '', keepalive: 0, clean: false },
    bytes: bytes(0x10, 12, MQTT, 4, 0x00, 0, 0, str('')),
  },
  {
    name: 'CONNECT keepalive 65535',
    packet: { type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: 'x', keepalive: 65535, clean: true },
    bytes: bytes(0x10, 13, MQTT, 4, 0x02, 0xff, 0xff, str('x')),
  },
  {
    name: 'CONNECT will QoS 0',
    packet: {
      type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: 'c', keepalive: 10, clean: true,
      will: { topic: 'w/t', payload: u8(0x62, 0x79, 0x65), qos: 0, retain: false },
    },
    bytes: bytes(0x10, 23, MQTT, 4, 0x06, 0, 10, str('c'), str('w/t'), 0, 3, 'bye'),
  },
  {
    name: 'CONNECT will QoS 1 retained',
    packet: {
      type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: 'c', keepalive: 10, clean: false,
      will: { topic: 'w', payload: u8(), qos: 1, retain: true },
    },
    bytes: bytes(0x10, 18, MQTT, 4, 0x2c, 0, 10, str('c'), str('w'), 0, 0),
  },
  {
    name: 'CONNECT will QoS 2',
    packet: {
      type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: 'c', keepalive: 10, clean: true,
      will: { topic: 'w', payload: u8(1), qos: 2, retain: false },
    },
    bytes: bytes(0x10, 19, MQTT, 4, 0x16, 0, 10, str('c'), str('w'), 0, 1, 1),
  },
  {
    name: 'CONNECT user name only',
    packet: { type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: 'c', keepalive: 5, clean: true, username: 'u' },
    bytes: bytes(0x10, 16, MQTT, 4, 0x82, 0, 5, str('c'), str('u')),
  },
  {
    name: 'CONNECT user name and password',
    packet: {
      type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: 'c', keepalive: 5, clean: true,
      username: 'user', password: u8(0x70, 0x00, 0xff),
    },
    bytes: bytes(0x10, 24, MQTT, 4, 0xc2, 0, 5, str('c'), str('user'), 0, 3, 0x70, 0x00, 0xff),
  },
  {
    name: 'CONNECT with every field, UTF-8 client id',
    packet: {
      type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: 'é€', keepalive: 300, clean: true,
      will: { topic: 'dev/gone', payload: u8(0x30), qos: 1, retain: true },
      username: 'u', password: u8(),
    },
    bytes: bytes(0x10, 35, MQTT, 4, 0xee, 0x01, 0x2c, 0, 5, 0xc3, 0xa9, 0xe2, 0x82, 0xac, str('dev/gone'), 0, 1, 0x30, str('u'), 0, 0),
  },
  // CONNACK [MQTT-3.2]
  { name: 'CONNACK accepted', packet: { type: 'connack', sessionPresent: false, returnCode: 0 }, bytes: u8(0x20, 2, 0, 0) },
  { name: 'CONNACK session present', packet: { type: 'connack', sessionPresent: true, returnCode: 0 }, bytes: u8(0x20, 2, 1, 0) },
  { name: 'CONNACK refused 1', packet: { type: 'connack', sessionPresent: false, returnCode: 1 }, bytes: u8(0x20, 2, 0, 1) },
  { name: 'CONNACK refused 2', packet: { type: 'connack', sessionPresent: false, returnCode: 2 }, bytes: u8(0x20, 2, 0, 2) },
  { name: 'CONNACK refused 3', packet: { type: 'connack', sessionPresent: false, returnCode: 3 }, bytes: u8(0x20, 2, 0, 3) },
  { name: 'CONNACK refused 4', packet: { type: 'connack', sessionPresent: false, returnCode: 4 }, bytes: u8(0x20, 2, 0, 4) },
  { name: 'CONNACK refused 5', packet: { type: 'connack', sessionPresent: false, returnCode: 5 }, bytes: u8(0x20, 2, 0, 5) },
  { name: 'CONNACK reserved code 6', packet: { type: 'connack', sessionPresent: false, returnCode: 6 }, bytes: u8(0x20, 2, 0, 6) },
  // PUBLISH [MQTT-3.3]
  {
    name: 'PUBLISH QoS 0',
    packet: { type: 'publish', topic: 'a/b', payload: u8(0x68, 0x69), qos: 0, retain: false, dup: false },
    bytes: bytes(0x30, 7, str('a/b'), 'hi'),
  },
  {
    name: 'PUBLISH QoS 0 retained, empty payload',
    packet: { type: 'publish', topic: 'a', payload: u8(), qos: 0, retain: true, dup: false },
    bytes: bytes(0x31, 3, str('a')),
  },
  {
    name: 'PUBLISH QoS 1',
    packet: { type: 'publish', topic: 't', payload: u8(1, 2), qos: 1, retain: false, dup: false, packetId: 1 },
    bytes: bytes(0x32, 7, str('t'), 0, 1, 1, 2),
  },
  {
    name: 'PUBLISH QoS 1 dup retained',
    packet: { type: 'publish', topic: 't', payload: u8(9), qos: 1, retain: true, dup: true, packetId: 0x1234 },
    bytes: bytes(0x3b, 6, str('t'), 0x12, 0x34, 9),
  },
  {
    name: 'PUBLISH QoS 2',
    packet: { type: 'publish', topic: 't', payload: u8(), qos: 2, retain: false, dup: false, packetId: 65535 },
    bytes: bytes(0x34, 5, str('t'), 0xff, 0xff),
  },
  {
    name: 'PUBLISH QoS 2 dup',
    packet: { type: 'publish', topic: 't', payload: u8(7), qos: 2, retain: false, dup: true, packetId: 2 },
    bytes: bytes(0x3c, 6, str('t'), 0, 2, 7),
  },
  {
    name: 'PUBLISH QoS 2 dup retained',
    packet: { type: 'publish', topic: 't', payload: u8(7), qos: 2, retain: true, dup: true, packetId: 2 },
    bytes: bytes(0x3d, 6, str('t'), 0, 2, 7),
  },
  {
    name: 'PUBLISH UTF-8 topic',
    packet: { type: 'publish', topic: 'Ä/€/𝄞', payload: u8(0), qos: 0, retain: false, dup: false },
    bytes: bytes(0x30, 14, 0, 11, 0xc3, 0x84, '/', 0xe2, 0x82, 0xac, '/', 0xf0, 0x9d, 0x84, 0x9e, 0),
  },
  {
    name: 'PUBLISH $SYS topic, keeps a leading U+FEFF',
    packet: { type: 'publish', topic: '\ufeff$SYS/x', payload: u8(), qos: 0, retain: false, dup: false },
    bytes: bytes(0x30, 11, 0, 9, 0xef, 0xbb, 0xbf, '$SYS/x'),
  },
  {
    name: 'PUBLISH with a 2-byte remaining length',
    packet: { type: 'publish', topic: 'big', payload: seq(200), qos: 1, retain: false, dup: false, packetId: 3 },
    bytes: bytes(0x32, 0xcf, 0x01, str('big'), 0, 3, Array.from(seq(200))),
  },
  {
    name: 'PUBLISH with a 3-byte remaining length',
    packet: { type: 'publish', topic: 'h', payload: seq(16381), qos: 0, retain: false, dup: false },
    bytes: bytes(0x30, 0x80, 0x80, 0x01, str('h'), Array.from(seq(16381))),
  },
  // Acknowledgements [MQTT-3.4] – [MQTT-3.7], [MQTT-3.11]
  { name: 'PUBACK', packet: { type: 'puback', packetId: 1 }, bytes: u8(0x40, 2, 0, 1) },
  { name: 'PUBACK id 65535', packet: { type: 'puback', packetId: 65535 }, bytes: u8(0x40, 2, 0xff, 0xff) },
  { name: 'PUBREC', packet: { type: 'pubrec', packetId: 0x0102 }, bytes: u8(0x50, 2, 1, 2) },
  { name: 'PUBREL', packet: { type: 'pubrel', packetId: 0x0102 }, bytes: u8(0x62, 2, 1, 2) },
  { name: 'PUBCOMP', packet: { type: 'pubcomp', packetId: 0x0102 }, bytes: u8(0x70, 2, 1, 2) },
  { name: 'UNSUBACK', packet: { type: 'unsuback', packetId: 300 }, bytes: u8(0xb0, 2, 1, 44) },
  // SUBSCRIBE / SUBACK / UNSUBSCRIBE [MQTT-3.8] – [MQTT-3.10]
  {
    name: 'SUBSCRIBE one filter',
    packet: { type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a/b', qos: 0 }] },
    bytes: bytes(0x82, 8, 0, 1, str('a/b'), 0),
  },
  {
    name: 'SUBSCRIBE wildcards, every QoS',
    packet: {
      type: 'subscribe', packetId: 10,
      subscriptions: [{ topic: '+/x', qos: 1 }, { topic: '#', qos: 2 }, { topic: 'a/+/b/#', qos: 0 }],
    },
    bytes: bytes(0x82, 22, 0, 10, str('+/x'), 1, str('#'), 2, str('a/+/b/#'), 0),
  },
  { name: 'SUBACK one code', packet: { type: 'suback', packetId: 1, granted: [0] }, bytes: u8(0x90, 3, 0, 1, 0) },
  {
    name: 'SUBACK every code',
    packet: { type: 'suback', packetId: 7, granted: [0, 1, 2, 0x80] },
    bytes: u8(0x90, 6, 0, 7, 0, 1, 2, 0x80),
  },
  {
    name: 'UNSUBSCRIBE one filter',
    packet: { type: 'unsubscribe', packetId: 2, topics: ['a/+'] },
    bytes: bytes(0xa2, 7, 0, 2, str('a/+')),
  },
  {
    name: 'UNSUBSCRIBE several filters',
    packet: { type: 'unsubscribe', packetId: 2, topics: ['a', '$SYS/#', '/'] },
    bytes: bytes(0xa2, 16, 0, 2, str('a'), str('$SYS/#'), str('/')),
  },
  // PINGREQ, PINGRESP, DISCONNECT [MQTT-3.12] – [MQTT-3.14]
  { name: 'PINGREQ', packet: { type: 'pingreq' }, bytes: u8(0xc0, 0) },
  { name: 'PINGRESP', packet: { type: 'pingresp' }, bytes: u8(0xd0, 0) },
  { name: 'DISCONNECT', packet: { type: 'disconnect' }, bytes: u8(0xe0, 0) },
];

function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}

/**
 * A copy of `value` with every `Uint8Array` replaced by `'bytes:<hex>'`, so that packets
 * with large payloads compare quickly (jest compares typed arrays element by element).
 */
export function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return 'bytes:' + toHex(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    Object.keys(value).forEach((k) => (out[k] = plain((value as Record<string, unknown>)[k])));
    return out;
  }
  return value;
}
