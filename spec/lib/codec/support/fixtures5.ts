/**
 * MQTT 5 and MQTT 3.1 codec fixtures: each packet next to the exact bytes the spec gives
 * it, written by hand (not by the encoder under test). Property lists are written in the
 * order of the packet's `properties` keys, as the encoder writes them.
 */
import type { Packet, ProtocolVersion } from '../../../../lib/codec/packet';
import { bytes, Part, seq, str } from './fixtures';

export interface VersionedFixture {
  name: string;
  version: ProtocolVersion;
  packet: Packet;
  bytes: Uint8Array;
}

/** A packet: first byte, Remaining Length (1 or 2 bytes), body. */
export function packet(first: number, ...body: Part[]): Uint8Array {
  const b = bytes(...body);
  const n = b.length;
  return bytes(first, n < 128 ? [n] : [(n & 0x7f) | 0x80, n >> 7], Array.from(b));
}

/** A property list: its length (1 or 2 bytes), then the properties. */
export function props(...parts: Part[]): Part[] {
  const b = bytes(...parts);
  const n = b.length;
  return [n < 128 ? [n] : [(n & 0x7f) | 0x80, n >> 7], Array.from(b)];
}

const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);
const MQTT = str('MQTT');

export const FIXTURES_5: VersionedFixture[] = [
  // CONNECT [MQTT-3.1]
  {
    name: 'v5 CONNECT minimal',
    version: 5,
    packet: { type: 'connect', protocolName: 'MQTT', protocolLevel: 5, clientId: 'c1', keepalive: 60, clean: true },
    bytes: packet(0x10, MQTT, 5, 0x02, 0, 60, props(), str('c1')),
  },
  {
    name: 'v5 CONNECT with every CONNECT and will property, a password without a user name',
    version: 5,
    packet: {
      type: 'connect', protocolName: 'MQTT', protocolLevel: 5, clientId: 'dev', keepalive: 30, clean: true,
      properties: {
        sessionExpiryInterval: 300, receiveMaximum: 20, maximumPacketSize: 65536, topicAliasMaximum: 10,
        requestResponseInformation: true, requestProblemInformation: false,
        userProperties: { a: ['1', '2'], b: '3' }, authenticationMethod: 'SCRAM', authenticationData: u8(1, 2),
      },
      will: {
        topic: 'w/t', payload: u8(0x62, 0x79, 0x65), qos: 1, retain: true,
        properties: {
          willDelayInterval: 10, payloadFormatIndicator: true, messageExpiryInterval: 3600, contentType: 'text/plain',
          responseTopic: 'r/t', correlationData: u8(7), userProperties: { k: 'v' },
        },
      },
      password: u8(0x70, 0x77),
    },
    bytes: packet(
      0x10, MQTT, 5, 0x6e, 0, 30,
      props(
        0x11, 0, 0, 1, 0x2c, 0x21, 0, 20, 0x27, 0, 1, 0, 0, 0x22, 0, 10, 0x19, 1, 0x17, 0,
        0x26, str('a'), str('1'), 0x26, str('a'), str('2'), 0x26, str('b'), str('3'), 0x15, str('SCRAM'), 0x16, 0, 2, 1, 2,
      ),
      str('dev'),
      props(0x18, 0, 0, 0, 10, 0x01, 1, 0x02, 0, 0, 0x0e, 0x10, 0x03, str('text/plain'), 0x08, str('r/t'), 0x09, 0, 1, 7, 0x26, str('k'), str('v')),
      str('w/t'), 0, 3, 'bye', 0, 2, 0x70, 0x77,
    ),
  },
  // CONNACK [MQTT-3.2]
  {
    name: 'v5 CONNACK success',
    version: 5,
    packet: { type: 'connack', sessionPresent: false, reasonCode: 0 },
    bytes: u8(0x20, 3, 0, 0, 0),
  },
  {
    name: 'v5 CONNACK with every CONNACK property',
    version: 5,
    packet: {
      type: 'connack', sessionPresent: true, reasonCode: 0,
      properties: {
        sessionExpiryInterval: 0xffffffff, receiveMaximum: 100, maximumQoS: 1, retainAvailable: false, maximumPacketSize: 1048576,
        assignedClientIdentifier: 'auto-1', topicAliasMaximum: 5, reasonString: 'ok', userProperties: { s: 'x' },
        wildcardSubscriptionAvailable: true, subscriptionIdentifiersAvailable: true, sharedSubscriptionAvailable: false,
        serverKeepAlive: 30, responseInformation: 'resp/', serverReference: 'other:1883', authenticationMethod: 'M', authenticationData: u8(),
      },
    },
    bytes: packet(
      0x20, 1, 0,
      props(
        0x11, 0xff, 0xff, 0xff, 0xff, 0x21, 0, 100, 0x24, 1, 0x25, 0, 0x27, 0, 0x10, 0, 0, 0x12, str('auto-1'), 0x22, 0, 5,
        0x1f, str('ok'), 0x26, str('s'), str('x'), 0x28, 1, 0x29, 1, 0x2a, 0, 0x13, 0, 30, 0x1a, str('resp/'),
        0x1c, str('other:1883'), 0x15, str('M'), 0x16, 0, 0,
      ),
    ),
  },
  {
    name: 'v5 CONNACK refused: not authorized, with a reason string',
    version: 5,
    packet: { type: 'connack', sessionPresent: false, reasonCode: 0x87, properties: { reasonString: 'no' } },
    bytes: packet(0x20, 0, 0x87, props(0x1f, str('no'))),
  },
  {
    name: 'v5 CONNACK in the 3.1.1 form (a server refusing level 5)',
    version: 5,
    packet: { type: 'connack', sessionPresent: false, returnCode: 1 },
    bytes: u8(0x20, 2, 0, 1),
  },
  // PUBLISH [MQTT-3.3]
  {
    name: 'v5 PUBLISH QoS 0 without properties',
    version: 5,
    packet: { type: 'publish', topic: 'a/b', payload: u8(0x68, 0x69), qos: 0, retain: false, dup: false },
    bytes: packet(0x30, str('a/b'), props(), 'hi'),
  },
  {
    name: 'v5 PUBLISH QoS 1 with every PUBLISH property, two subscription identifiers',
    version: 5,
    packet: {
      type: 'publish', topic: 't', payload: u8(1, 2), qos: 1, retain: false, dup: false, packetId: 9,
      properties: {
        payloadFormatIndicator: false, messageExpiryInterval: 60, topicAlias: 5, responseTopic: 'reply/1',
        correlationData: u8(0xca, 0xfe), userProperties: { 'é': 'ü' }, subscriptionIdentifier: [129, 2], contentType: 'a/b',
      },
    },
    bytes: packet(
      0x32, str('t'), 0, 9,
      props(
        0x01, 0, 0x02, 0, 0, 0, 60, 0x23, 0, 5, 0x08, str('reply/1'), 0x09, 0, 2, 0xca, 0xfe,
        0x26, 0, 2, 0xc3, 0xa9, 0, 2, 0xc3, 0xbc, 0x0b, 0x81, 0x01, 0x0b, 0x02, 0x03, str('a/b'),
      ),
      1, 2,
    ),
  },
  {
    name: 'v5 PUBLISH with an empty topic and a topic alias',
    version: 5,
    packet: { type: 'publish', topic: '', payload: u8(0x78), qos: 0, retain: true, dup: false, properties: { topicAlias: 1 } },
    bytes: packet(0x31, str(''), props(0x23, 0, 1), 'x'),
  },
  {
    name: 'v5 PUBLISH QoS 2 dup with a 2-byte remaining length',
    version: 5,
    packet: {
      type: 'publish', topic: 'big', payload: seq(200), qos: 2, retain: false, dup: true, packetId: 0x1234,
      properties: { subscriptionIdentifier: 268435455 },
    },
    bytes: packet(0x3c, str('big'), 0x12, 0x34, props(0x0b, 0xff, 0xff, 0xff, 0x7f), Array.from(seq(200))),
  },
  // PUBACK, PUBREC, PUBREL, PUBCOMP [MQTT-3.4] – [MQTT-3.7]
  { name: 'v5 PUBACK short form', version: 5, packet: { type: 'puback', packetId: 1, reasonCode: 0 }, bytes: u8(0x40, 2, 0, 1) },
  {
    name: 'v5 PUBACK no matching subscribers, no properties',
    version: 5,
    packet: { type: 'puback', packetId: 1, reasonCode: 0x10 },
    bytes: u8(0x40, 3, 0, 1, 0x10),
  },
  {
    name: 'v5 PUBREC refused with a reason string',
    version: 5,
    packet: { type: 'pubrec', packetId: 2, reasonCode: 0x80, properties: { reasonString: 'no' } },
    bytes: packet(0x50, 0, 2, 0x80, props(0x1f, str('no'))),
  },
  {
    name: 'v5 PUBREL packet identifier not found',
    version: 5,
    packet: { type: 'pubrel', packetId: 3, reasonCode: 0x92 },
    bytes: u8(0x62, 3, 0, 3, 0x92),
  },
  {
    name: 'v5 PUBCOMP success with a user property',
    version: 5,
    packet: { type: 'pubcomp', packetId: 4, reasonCode: 0, properties: { userProperties: { x: 'y' } } },
    bytes: packet(0x70, 0, 4, 0, props(0x26, str('x'), str('y'))),
  },
  // SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK [MQTT-3.8] – [MQTT-3.11]
  {
    name: 'v5 SUBSCRIBE with options and a subscription identifier',
    version: 5,
    packet: {
      type: 'subscribe', packetId: 1, properties: { subscriptionIdentifier: 5 },
      subscriptions: [
        { topic: 'a/+', qos: 1, noLocal: true, retainAsPublished: true, retainHandling: 2 },
        { topic: '$share/g/t', qos: 0, noLocal: false, retainAsPublished: false, retainHandling: 1 },
      ],
    },
    bytes: packet(0x82, 0, 1, props(0x0b, 5), str('a/+'), 0x2d, str('$share/g/t'), 0x10),
  },
  {
    name: 'v5 SUBACK granted and refused',
    version: 5,
    packet: { type: 'suback', packetId: 1, granted: [1, 0x87, 2, 0xa2] },
    bytes: packet(0x90, 0, 1, props(), 1, 0x87, 2, 0xa2),
  },
  {
    name: 'v5 SUBACK with a reason string',
    version: 5,
    packet: { type: 'suback', packetId: 7, granted: [0x8f], properties: { reasonString: 'bad filter' } },
    bytes: packet(0x90, 0, 7, props(0x1f, str('bad filter')), 0x8f),
  },
  {
    name: 'v5 UNSUBSCRIBE with a user property',
    version: 5,
    packet: { type: 'unsubscribe', packetId: 2, topics: ['a/+', '#'], properties: { userProperties: { u: 'v' } } },
    bytes: packet(0xa2, 0, 2, props(0x26, str('u'), str('v')), str('a/+'), str('#')),
  },
  {
    name: 'v5 UNSUBACK',
    version: 5,
    packet: { type: 'unsuback', packetId: 2, reasonCodes: [0, 0x11] },
    bytes: packet(0xb0, 0, 2, props(), 0, 0x11),
  },
  // PINGREQ, PINGRESP, DISCONNECT, AUTH [MQTT-3.12] – [MQTT-3.15]
  { name: 'v5 PINGREQ', version: 5, packet: { type: 'pingreq' }, bytes: u8(0xc0, 0) },
  { name: 'v5 PINGRESP', version: 5, packet: { type: 'pingresp' }, bytes: u8(0xd0, 0) },
  { name: 'v5 DISCONNECT normal', version: 5, packet: { type: 'disconnect', reasonCode: 0 }, bytes: u8(0xe0, 0) },
  { name: 'v5 DISCONNECT with will', version: 5, packet: { type: 'disconnect', reasonCode: 4 }, bytes: u8(0xe0, 1, 4) },
  {
    name: 'v5 DISCONNECT from the server: use another server',
    version: 5,
    packet: {
      type: 'disconnect', reasonCode: 0x9c,
      properties: { serverReference: 'b:1883', reasonString: 'moved', sessionExpiryInterval: 0, userProperties: { n: '1' } },
    },
    bytes: packet(0xe0, 0x9c, props(0x1c, str('b:1883'), 0x1f, str('moved'), 0x11, 0, 0, 0, 0, 0x26, str('n'), str('1'))),
  },
  { name: 'v5 AUTH success, short form', version: 5, packet: { type: 'auth', reasonCode: 0 }, bytes: u8(0xf0, 0) },
  {
    name: 'v5 AUTH continue authentication',
    version: 5,
    packet: {
      type: 'auth', reasonCode: 0x18,
      properties: { authenticationMethod: 'SCRAM', authenticationData: u8(1, 2, 3), reasonString: 'r', userProperties: { z: '' } },
    },
    bytes: packet(0xf0, 0x18, props(0x15, str('SCRAM'), 0x16, 0, 3, 1, 2, 3, 0x1f, str('r'), 0x26, str('z'), str(''))),
  },
];

/** MQTT 3.1 (protocol name `MQIsdp`, level 3): other packets are as in 3.1.1. */
export const FIXTURES_31: VersionedFixture[] = [
  {
    name: 'v3.1 CONNECT',
    version: 3,
    packet: { type: 'connect', protocolName: 'MQIsdp', protocolLevel: 3, clientId: 'c1', keepalive: 60, clean: true },
    bytes: packet(0x10, str('MQIsdp'), 3, 0x02, 0, 60, str('c1')),
  },
  {
    name: 'v3.1 CONNECT with will, user name and password',
    version: 3,
    packet: {
      type: 'connect', protocolName: 'MQIsdp', protocolLevel: 3, clientId: 'c', keepalive: 10, clean: false,
      will: { topic: 'w', payload: u8(1), qos: 2, retain: false }, username: 'u', password: u8(2),
    },
    bytes: packet(0x10, str('MQIsdp'), 3, 0xd4, 0, 10, str('c'), str('w'), 0, 1, 1, str('u'), 0, 1, 2),
  },
  { name: 'v3.1 CONNACK refused 2', version: 3, packet: { type: 'connack', sessionPresent: false, returnCode: 2 }, bytes: u8(0x20, 2, 0, 2) },
  {
    name: 'v3.1 PUBLISH QoS 1',
    version: 3,
    packet: { type: 'publish', topic: 't', payload: u8(5), qos: 1, retain: false, dup: false, packetId: 1 },
    bytes: packet(0x32, str('t'), 0, 1, 5),
  },
  { name: 'v3.1 PUBACK', version: 3, packet: { type: 'puback', packetId: 1 }, bytes: u8(0x40, 2, 0, 1) },
  { name: 'v3.1 DISCONNECT', version: 3, packet: { type: 'disconnect' }, bytes: u8(0xe0, 0) },
];
