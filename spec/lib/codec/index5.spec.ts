/**
 * The codec as a whole on MQTT 5: property tests (random valid packets round-trip; random
 * and mutated bytes only ever give packets or MqttProtocolErrors, and what they give
 * re-encodes to the same packets) and a cross-check against mqtt-packet's MQTT 5 encoding.
 */
import fc from 'fast-check';
import { encodePacket, PacketDecoder } from '../../../lib/codec/index';
import { PROPERTY_LIST } from '../../../lib/codec/property-defs';
import { REASON_CODES_BY_TYPE } from '../../../lib/codec/reason-codes';
import type { Packet, ProtocolVersion, QoS } from '../../../lib/codec/index';
import { MqttProtocolError } from '../../../lib/errors';
import { plain } from './support/fixtures';
import { FIXTURES_5 } from './support/fixtures5';
import { mqttPacketGenerate5, mqttPacketParse5 } from './support/mqtt-packet5';

const V5 = { protocolVersion: 5 as const };
const qos = fc.constantFrom<QoS>(0, 1, 2);
const packetId = fc.integer({ min: 1, max: 65535 });
const bytes = fc.uint8Array({ maxLength: 40 });
const level = fc.constantFrom('a', 'b', 'sensors', 'é', '€', '𝄞', '', '$SYS', ' ', 'x'.repeat(30));
const topicName = fc.array(level, { minLength: 1, maxLength: 4 }).map((l) => l.join('/')).filter((t) => t.length > 0);
const topicFilter = fc
  .tuple(fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([l, hash]) => (hash ? l.concat('#') : l).join('/'))
  .filter((t) => t.length > 0);
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => s.indexOf('\u0000') < 0);
const userProperties = fc.dictionary(
  text.filter((k) => k !== '__proto__'),
  fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 3 })),
  { maxKeys: 3 },
);

/** A random valid property set for packet type `type` (0: will properties); `undefined` when empty. */
function properties(type: number): fc.Arbitrary<Record<string, unknown> | undefined> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  PROPERTY_LIST.filter((p) => (p.where & (1 << type)) !== 0).forEach((p) => {
    let value: fc.Arbitrary<unknown>;
    if (p.kind === 'bool') value = fc.boolean();
    else if (p.kind === 'string') value = text;
    else if (p.kind === 'binary') value = bytes;
    else if (p.kind === 'pair') value = userProperties;
    else value = fc.integer({ min: p.min, max: p.max });
    if (p.name === 'subscriptionIdentifier' && type === 3) value = fc.oneof(value, fc.array(value, { minLength: 2, maxLength: 3 }));
    model[p.name] = value;
  });
  return fc.record(model, { requiredKeys: [] }).map((r) => {
    const user = r.userProperties as Record<string, unknown> | undefined;
    if (user !== undefined && Object.keys(user).length === 0) delete r.userProperties;
    return Object.keys(r).length > 0 ? r : undefined;
  });
}

const codes = (type: number): fc.Arbitrary<number> => fc.constantFrom(...(REASON_CODES_BY_TYPE[type] as number[]));
/** Sets `properties` only when there are some, as the decoder does. */
function withProps<T extends object>(p: T, props: Record<string, unknown> | undefined): T {
  if (props !== undefined) (p as Record<string, unknown>).properties = props;
  return p;
}

const publish = fc.record({ topic: topicName, aliased: fc.boolean(), payload: bytes, qos, retain: fc.boolean(), dup: fc.boolean(), packetId, props: properties(3) })
  .map((r): Packet => {
    let props = r.props;
    let topic = r.topic;
    if (r.aliased) {
      props = Object.assign({}, props, { topicAlias: 7 });
      topic = '';
    }
    const p: Packet = { type: 'publish', topic, payload: r.payload, qos: r.qos, retain: r.retain, dup: r.qos > 0 && r.dup };
    if (r.qos > 0) p.packetId = r.packetId;
    return withProps(p, props);
  });
const connect = fc.record({
  clientId: text, keepalive: fc.integer({ min: 0, max: 65535 }), clean: fc.boolean(), props: properties(1),
  will: fc.option(fc.record({ topic: topicName, payload: bytes, qos, retain: fc.boolean(), props: properties(0) }), { nil: undefined }),
  username: fc.option(text, { nil: undefined }), password: fc.option(bytes, { nil: undefined }),
}).map((c): Packet => {
  const p: Packet = withProps({ type: 'connect', protocolName: 'MQTT', protocolLevel: 5, clientId: c.clientId, keepalive: c.keepalive, clean: c.clean }, c.props);
  if (c.will) p.will = withProps({ topic: c.will.topic, payload: c.will.payload, qos: c.will.qos, retain: c.will.retain }, c.will.props);
  if (c.username !== undefined) p.username = c.username;
  if (c.password !== undefined) p.password = c.password;
  return p;
});
const connack = fc.record({ sessionPresent: fc.boolean(), reasonCode: codes(2), props: properties(2) })
  .map((c): Packet => withProps({ type: 'connack', sessionPresent: c.reasonCode < 0x80 && c.sessionPresent, reasonCode: c.reasonCode }, c.props));
const publishAck = fc.constantFrom(4, 5, 6, 7).chain((type) => fc.record({ packetId, reasonCode: codes(type), props: properties(type) })
  .map((a): Packet => withProps({ type: (['puback', 'pubrec', 'pubrel', 'pubcomp'] as const)[type - 4], packetId: a.packetId, reasonCode: a.reasonCode }, a.props)));
const subscription = fc.record({ topic: topicFilter, qos, noLocal: fc.boolean(), retainAsPublished: fc.boolean(), retainHandling: fc.constantFrom<0 | 1 | 2>(0, 1, 2) });
const subscribe = fc.record({ packetId, subscriptions: fc.array(subscription, { minLength: 1, maxLength: 3 }), props: properties(8) })
  .map((s): Packet => withProps({ type: 'subscribe', packetId: s.packetId, subscriptions: s.subscriptions }, s.props));
const suback = fc.record({ packetId, granted: fc.array(codes(9), { minLength: 1, maxLength: 4 }), props: properties(9) })
  .map((s): Packet => withProps({ type: 'suback', packetId: s.packetId, granted: s.granted }, s.props));
const unsubscribe = fc.record({ packetId, topics: fc.array(topicFilter, { minLength: 1, maxLength: 3 }), props: properties(10) })
  .map((s): Packet => withProps({ type: 'unsubscribe', packetId: s.packetId, topics: s.topics }, s.props));
const unsuback = fc.record({ packetId, reasonCodes: fc.array(codes(11), { minLength: 1, maxLength: 4 }), props: properties(11) })
  .map((s): Packet => withProps({ type: 'unsuback', packetId: s.packetId, reasonCodes: s.reasonCodes }, s.props));
const disconnect = fc.record({ reasonCode: codes(14), props: properties(14) })
  .map((d): Packet => withProps({ type: 'disconnect', reasonCode: d.reasonCode }, d.props));
const auth = fc.record({ reasonCode: codes(15), props: properties(15) })
  .map((d): Packet => withProps({ type: 'auth', reasonCode: d.reasonCode }, d.props));

const packet5: fc.Arbitrary<Packet> = fc.oneof(
  publish, publish, connect, connack, publishAck, subscribe, suback, unsubscribe, unsuback, disconnect, auth,
  fc.constantFrom<Packet>({ type: 'pingreq' }, { type: 'pingresp' }),
);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((pos, p) => (out.set(p, pos), pos + p.length), 0);
  return out;
}

function cut(b: Uint8Array, fractions: number[]): Uint8Array[] {
  const points = fractions.map((f) => Math.floor(f * b.length)).sort((x, y) => x - y);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  points.forEach((p) => {
    chunks.push(b.subarray(prev, p));
    prev = p;
  });
  chunks.push(b.subarray(prev));
  return chunks;
}

/**
 * Feeds chunks to an MQTT 5 decoder: only packets or an MqttProtocolError may come out,
 * and each packet, re-encoded with the version it was decoded with, decodes to itself.
 */
function feedHostile(chunks: Uint8Array[], maxPacketSize?: number): void {
  const decoder = new PacketDecoder({ maxPacketSize, protocolVersion: 5 });
  const packets: Packet[] = [];
  try {
    chunks.forEach((c) => packets.push(...decoder.push(c)));
  } catch (e) {
    if (!(e instanceof MqttProtocolError)) throw e;
    expect(typeof e.code).toBe('string');
  }
  let version: ProtocolVersion = 5;
  packets.forEach((p) => {
    if (p.type === 'connect') version = p.protocolLevel as ProtocolVersion;
    const again = new PacketDecoder({ protocolVersion: version }).push(encodePacket(p, { protocolVersion: version }));
    expect(plain(again)).toEqual(plain([p]));
  });
}

const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

describe('codec properties, MQTT 5', () => {
  it('random valid packets round-trip: decode(encode(p)) equals p', () => {
    fc.assert(
      fc.property(packet5, (p) => {
        expect(plain(new PacketDecoder(V5).push(encodePacket(p, V5)))).toEqual(plain([p]));
      }),
      { numRuns: 3000 },
    );
  });

  it('a stream of random packets cut anywhere decodes to the same packets', () => {
    fc.assert(
      fc.property(fc.array(packet5.filter((p) => p.type !== 'connect'), { maxLength: 6 }), fractions, (ps, f) => {
        const decoder = new PacketDecoder(V5);
        const got: Packet[] = [];
        cut(concat(ps.map((p) => encodePacket(p, V5))), f).forEach((c) => got.push(...decoder.push(c)));
        expect(plain(got)).toEqual(plain(ps));
      }),
      { numRuns: 800 },
    );
  });

  it('random bytes behind a plausible header give only packets or MqttProtocolErrors', () => {
    const first = fc.constantFrom(0x10, 0x20, 0x30, 0x32, 0x34, 0x3b, 0x40, 0x50, 0x62, 0x70, 0x82, 0x90, 0xa2, 0xb0, 0xc0, 0xe0, 0xf0);
    const lengthBytes = fc.array(fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x05, 0x0c, 0x7f, 0x80, 0x81, 0xff), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(first, lengthBytes, fc.uint8Array({ maxLength: 60 }), fractions, (b0, len, rest, f) => {
        const b = concat([new Uint8Array([b0 as number].concat(len)), rest]);
        feedHostile(cut(b, f), 64);
      }),
      { numRuns: 2500 },
    );
  });

  it('mutated valid packets give only packets or MqttProtocolErrors', () => {
    const mutation = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), op: fc.constantFrom('set', 'insert', 'delete', 'truncate'), value: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.array(packet5, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fractions, (ps, ms, f) => {
        let arr = Array.from(concat(ps.map((p) => encodePacket(p, V5))));
        ms.forEach((m) => {
          const i = Math.floor(m.at * arr.length);
          if (m.op === 'set') arr[i] = m.value;
          else if (m.op === 'insert') arr.splice(i, 0, m.value);
          else if (m.op === 'delete') arr.splice(i, 1);
          else arr = arr.slice(0, i);
        });
        const b = new Uint8Array(arr);
        feedHostile(cut(b, f));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('cross-check with mqtt-packet, MQTT 5', () => {
  // Where mqtt-packet 9 differs, with the spec on our side:
  // - it refuses a password without a user name, which MQTT 5 allows (section 3.1.2.9);
  // - it cannot carry a 3.1.1-form CONNACK on version 5;
  // - it writes the property length even where the spec allows leaving out reason code 0
  //   or an empty list [MQTT-3.4.2.1] [MQTT-3.14.2.1] (both forms are valid; we write the shorter);
  // - it refuses an AUTH of Remaining Length 0, which the spec allows [MQTT-3.15.2.1];
  // - it parses a repeated User Property whose first value is '' as a single value.
  const passwordOnly = (p: Packet): boolean => p.type === 'connect' && p.password !== undefined && p.username === undefined;
  const oldConnack = (p: Packet): boolean => p.type === 'connack' && p.reasonCode === undefined;
  const mqttPacketCanGenerate = (p: Packet): boolean =>
    !passwordOnly(p) && !oldConnack(p) && !(p.type === 'connect' && p.clientId === '' && !p.clean);
  const shortForm = (b: Uint8Array): boolean => (b[0] >> 4 >= 4 && b[0] >> 4 <= 7 && b[1] === 3) || (b[0] >> 4 >= 14 && b[1] < 2);
  const emptyAuth = (b: Uint8Array): boolean => b[0] === 0xf0 && b[1] === 0;
  const repeatedEmpty = (p: Packet): boolean => {
    const sets = [(p as { properties?: { userProperties?: object } }).properties];
    if (p.type === 'connect' && p.will) sets.push(p.will.properties);
    return sets.some((set) => set !== undefined && set.userProperties !== undefined
      && Object.keys(set.userProperties).some((k) => {
        const v = (set.userProperties as Record<string, unknown>)[k];
        return Array.isArray(v) && v[0] === '';
      }));
  };

  const generatable = FIXTURES_5.filter((f) => mqttPacketCanGenerate(f.packet));

  it.each(generatable.filter((f) => !shortForm(f.bytes)).map((f) => [f.name, f] as const))('mqtt-packet generates the bytes of %s', (_n, f) => {
    expect(mqttPacketGenerate5(f.packet)).toEqual(f.bytes);
  });

  it.each(generatable.map((f) => [f.name, f] as const))('decodes mqtt-packet\'s encoding of %s into the same packet', (_n, f) => {
    expect(plain(new PacketDecoder(V5).push(mqttPacketGenerate5(f.packet)))).toEqual(plain([f.packet]));
  });

  it.each(FIXTURES_5.filter((f) => !oldConnack(f.packet) && !emptyAuth(f.bytes)).map((f) => [f.name, f] as const))('mqtt-packet parses %s into the same packet', (_n, f) => {
    const parsed = mqttPacketParse5(f.bytes);
    expect(parsed.error).toBeUndefined();
    expect(plain(parsed.packets)).toEqual(plain([f.packet]));
  });

  it('agrees with mqtt-packet on random valid packets, both ways', () => {
    fc.assert(
      fc.property(packet5.filter(mqttPacketCanGenerate), (p) => {
        const ours = encodePacket(p, V5);
        if (!emptyAuth(ours) && !repeatedEmpty(p)) expect(plain(mqttPacketParse5(ours).packets)).toEqual(plain([p]));
        expect(plain(new PacketDecoder(V5).push(mqttPacketGenerate5(p)))).toEqual(plain([p]));
      }),
      { numRuns: 1000 },
    );
  });
});
