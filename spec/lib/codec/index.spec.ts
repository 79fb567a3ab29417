/**
 * The codec as a whole: property tests (random valid packets round-trip; random and
 * mutated bytes only ever give packets or MqttProtocolErrors) and a cross-check of the
 * fixtures against mqtt-packet.
 */
import fc from 'fast-check';
import { encodePacket, PacketDecoder } from '../../../lib/codec/index';
import { MqttProtocolError } from '../../../lib/errors';
import type { Packet, ProtocolVersion, QoS } from '../../../lib/codec/index';
import { FIXTURES, plain } from './support/fixtures';
import { mqttPacketGenerate, mqttPacketParse } from './support/mqtt-packet';

const qos = fc.constantFrom<QoS>(0, 1, 2);
const packetId = fc.integer({ min: 1, max: 65535 });
const bytes = fc.uint8Array({ maxLength: 200 });
const level = fc.constantFrom('a', 'b', 'sensors', 'é', '€', '𝄞', '', '$SYS', ' ', 'x'.repeat(60));
const topicName = fc.array(level, { minLength: 1, maxLength: 5 }).map((l) => l.join('/')).filter((t) => t.length > 0);
const topicFilter = fc
  .tuple(fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([l, hash]) => (hash ? l.concat('#') : l).join('/'))
  .filter((t) => t.length > 0);
const text = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => s.indexOf('\u0000') < 0);

const publish = fc.record({ topic: topicName, payload: bytes, qos, retain: fc.boolean(), dup: fc.boolean(), packetId }).map(
  (p): Packet => (p.qos === 0
    ? { type: 'publish', topic: p.topic, payload: p.payload, qos: 0, retain: p.retain, dup: false }
    : { type: 'publish', topic: p.topic, payload: p.payload, qos: p.qos, retain: p.retain, dup: p.dup, packetId: p.packetId }),
);
const connect = fc
  .record({
    clientId: text, keepalive: fc.integer({ min: 0, max: 65535 }), clean: fc.boolean(),
    will: fc.option(fc.record({ topic: topicName, payload: bytes, qos, retain: fc.boolean() }), { nil: undefined }),
    username: fc.option(text, { nil: undefined }), password: fc.option(bytes, { nil: undefined }),
  })
  .map((c): Packet => {
    const p: Packet = { type: 'connect', protocolName: 'MQTT', protocolLevel: 4, clientId: c.clientId, keepalive: c.keepalive, clean: c.clean };
    if (c.will) p.will = c.will;
    if (c.username !== undefined) {
      p.username = c.username;
      if (c.password) p.password = c.password;
    }
    return p;
  });
const ack = fc.record({ type: fc.constantFrom('puback', 'pubrec', 'pubrel', 'pubcomp', 'unsuback'), packetId }) as fc.Arbitrary<Packet>;
const packetArb: fc.Arbitrary<Packet> = fc.oneof(
  publish,
  publish,
  connect,
  ack,
  fc.record({ type: fc.constant('connack'), sessionPresent: fc.boolean(), returnCode: fc.integer({ min: 0, max: 255 }) })
    .map((c): Packet => ({ type: 'connack', sessionPresent: c.returnCode === 0 && c.sessionPresent, returnCode: c.returnCode })),
  fc.record({ packetId, subscriptions: fc.array(fc.record({ topic: topicFilter, qos }), { minLength: 1, maxLength: 4 }) })
    .map((s): Packet => ({ type: 'subscribe', packetId: s.packetId, subscriptions: s.subscriptions })),
  fc.record({ packetId, granted: fc.array(fc.constantFrom(0, 1, 2, 0x80), { minLength: 1, maxLength: 4 }) })
    .map((s): Packet => ({ type: 'suback', packetId: s.packetId, granted: s.granted })),
  fc.record({ packetId, topics: fc.array(topicFilter, { minLength: 1, maxLength: 4 }) })
    .map((s): Packet => ({ type: 'unsubscribe', packetId: s.packetId, topics: s.topics })),
  fc.constantFrom<Packet>({ type: 'pingreq' }, { type: 'pingresp' }, { type: 'disconnect' }),
);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((pos, p) => (out.set(p, pos), pos + p.length), 0);
  return out;
}

/** Cuts `b` at the given fractions into chunks. */
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
 * Feeds chunks; only packets or an MqttProtocolError may come out, and the packets
 * re-encode to exactly the bytes they came from (a prefix of the input). A mutation can
 * make a CONNECT of level 5, which switches the decoder to MQTT 5: from there packets are
 * only checked to re-encode to themselves (MQTT 5 allows several encodings of a packet).
 */
function feedHostile(input: Uint8Array, chunks: Uint8Array[], maxPacketSize?: number): void {
  const decoder = new PacketDecoder({ maxPacketSize });
  const packets: Packet[] = [];
  try {
    chunks.forEach((c) => packets.push(...decoder.push(c)));
  } catch (e) {
    if (!(e instanceof MqttProtocolError)) throw e;
    expect(typeof e.code).toBe('string');
  }
  const v5At = packets.findIndex((p) => p.type === 'connect' && p.protocolLevel === 5);
  const exact = v5At < 0 ? packets : packets.slice(0, v5At);
  let version = 5 as ProtocolVersion;
  packets.slice(exact.length).forEach((p) => {
    if (p.type === 'connect') version = p.protocolLevel as ProtocolVersion;
    const options = { protocolVersion: version };
    expect(plain(new PacketDecoder(options).push(encodePacket(p, options)))).toEqual(plain([p]));
  });
  const again = concat(exact.map((p) => encodePacket(p)));
  expect(again.length).toBeLessThanOrEqual(input.length);
  expect(Buffer.from(again).equals(Buffer.from(input.subarray(0, again.length)))).toBe(true);
}

const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

describe('codec properties', () => {
  it('random valid packets round-trip: decode(encode(p)) equals p', () => {
    fc.assert(
      fc.property(packetArb, (p) => {
        const b = encodePacket(p);
        expect(plain(new PacketDecoder().push(b))).toEqual(plain([p]));
      }),
      { numRuns: 3000 },
    );
  });

  it('a stream of random packets cut anywhere decodes to the same packets', () => {
    fc.assert(
      fc.property(fc.array(packetArb, { maxLength: 8 }), fractions, (ps, f) => {
        const decoder = new PacketDecoder();
        const got: Packet[] = [];
        cut(concat(ps.map((p) => encodePacket(p))), f).forEach((c) => got.push(...decoder.push(c)));
        expect(plain(got)).toEqual(plain(ps));
      }),
      { numRuns: 1000 },
    );
  });

  it('random bytes give only packets or MqttProtocolErrors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fractions, (b, f) => feedHostile(b, cut(b, f))),
      { numRuns: 2500 },
    );
  });

  it('random bytes behind a plausible header give only packets or MqttProtocolErrors', () => {
    const first = fc.constantFrom(0x10, 0x20, 0x30, 0x32, 0x34, 0x3b, 0x40, 0x62, 0x82, 0x90, 0xa2, 0xb0, 0xc0, 0xe0);
    const lengthBytes = fc.array(fc.constantFrom(0x00, 0x02, 0x05, 0x0c, 0x7f, 0x80, 0x81, 0xff), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(first, lengthBytes, fc.uint8Array({ maxLength: 60 }), fractions, (b0, len, rest, f) => {
        const b = concat([new Uint8Array([b0 as number].concat(len)), rest]);
        feedHostile(b, cut(b, f), 64);
      }),
      { numRuns: 2500 },
    );
  });

  it('mutated valid packets give only packets or MqttProtocolErrors', () => {
    const mutation = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), op: fc.constantFrom('set', 'insert', 'delete', 'truncate'), value: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.array(packetArb, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fractions, (ps, ms, f) => {
        let arr = Array.from(concat(ps.map((p) => encodePacket(p))));
        ms.forEach((m) => {
          const i = Math.floor(m.at * arr.length);
          if (m.op === 'set') arr[i] = m.value;
          else if (m.op === 'insert') arr.splice(i, 0, m.value);
          else if (m.op === 'delete') arr.splice(i, 1);
          else arr = arr.slice(0, i);
        });
        const b = new Uint8Array(arr);
        feedHostile(b, cut(b, f));
      }),
      { numRuns: 2500 },
    );
  });
});

describe('cross-check with mqtt-packet', () => {
  const small = FIXTURES.filter((f) => f.bytes.length < 1024);

  // mqtt-packet refuses an empty client id without clean session (a server-side rule,
  // [MQTT-3.1.3-8]), and rejects CONNACK return codes above 5.
  const generatable = small.filter((f) => f.name !== 'CONNECT not clean, empty client id, keepalive 0' && f.name !== 'CONNACK reserved code 6');

  it.each(generatable.map((f) => [f.name, f] as const))('mqtt-packet generates the bytes of %s', (_n, f) => {
    expect(mqttPacketGenerate(f.packet)).toEqual(f.bytes);
  });

  it.each(small.map((f) => [f.name, f] as const))('mqtt-packet parses %s into the same packet', (_n, f) => {
    const parsed = mqttPacketParse(f.bytes);
    expect(parsed.error).toBeUndefined();
    expect(plain(parsed.packets)).toEqual(plain([f.packet]));
  });

  const mqttPacketCanGenerate = (p: Packet): boolean =>
    !(p.type === 'connack' && (p.returnCode as number) > 5) && !(p.type === 'connect' && p.clientId === '' && !p.clean);

  it('agrees with mqtt-packet on random valid packets', () => {
    fc.assert(
      fc.property(packetArb.filter(mqttPacketCanGenerate), (p) => {
        const ours = encodePacket(p);
        expect(mqttPacketGenerate(p)).toEqual(ours);
        expect(plain(mqttPacketParse(ours).packets)).toEqual(plain([p]));
      }),
      { numRuns: 500 },
    );
  });
});

describe('error codes', () => {
  it('documents every code the codec raises in the README table', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fs = require('fs') as typeof import('fs');
    const dir = __dirname + '/../../../lib/codec/';
    const readme = fs.readFileSync(__dirname + '/../../../README.md', 'utf8');
    const codes = new Set<string>();
    fs.readdirSync(dir).forEach((f) => {
      const src = fs.readFileSync(dir + f, 'utf8');
      // protocolError(code, ...) and ByteReader's r.error(code, ...)
      const re = /(?:protocolError|\.error)\(\s*'([A-Z_0-9]+)'/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(src)) !== null) codes.add(m[1]);
    });
    expect(codes.size).toBeGreaterThanOrEqual(20);
    codes.forEach((code) => expect(readme).toContain('| `' + code + '` | `MqttProtocolError` |'));
  });
});
