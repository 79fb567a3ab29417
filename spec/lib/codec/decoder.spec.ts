import { PacketDecoder } from '../../../lib/codec/decoder';
import { MqttProtocolError } from '../../../lib/errors';
import type { Packet } from '../../../lib/codec/packet';
import { FIXTURES, plain, seq } from './support/fixtures';
import { FIXTURES_31, FIXTURES_5 } from './support/fixtures5';

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  parts.forEach((p) => (n += p.length));
  const out = new Uint8Array(n);
  let pos = 0;
  parts.forEach((p) => {
    out.set(p, pos);
    pos += p.length;
  });
  return out;
}

function pushAll(decoder: PacketDecoder, chunks: Uint8Array[]): Packet[] {
  const out: Packet[] = [];
  chunks.forEach((c) => out.push(...decoder.push(c)));
  return out;
}

const SMALL = FIXTURES.filter((f) => f.bytes.length <= 1024);

describe('PacketDecoder', () => {
  describe.each(FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    it('decodes the fixture bytes in one chunk', () => {
      expect(new PacketDecoder().push(fixture.bytes)).toEqual([fixture.packet]);
    });

    it('decodes when the bytes are split at any point', () => {
      const b = fixture.bytes;
      const step = b.length > 1024 ? 97 : 1;
      for (let i = 1; i < b.length; i += step) {
        const decoder = new PacketDecoder();
        expect(decoder.push(b.subarray(0, i))).toEqual([]);
        expect(plain(decoder.push(b.subarray(i)))).toEqual(plain([fixture.packet]));
      }
    });

    it('decodes when fed byte by byte', () => {
      const decoder = new PacketDecoder();
      const out: Packet[] = [];
      for (let i = 0; i < fixture.bytes.length; i++) out.push(...decoder.push(fixture.bytes.subarray(i, i + 1)));
      expect(plain(out)).toEqual(plain([fixture.packet]));
    });
  });

  it('decodes every fixture from one chunk, in order', () => {
    const all = concat(FIXTURES.map((f) => f.bytes));
    expect(plain(new PacketDecoder().push(all))).toEqual(plain(FIXTURES.map((f) => f.packet)));
  });

  it('decodes every small fixture however the stream is cut into three', () => {
    const all = concat(SMALL.map((f) => f.bytes));
    const expected = plain(SMALL.map((f) => f.packet));
    for (let i = 0; i < all.length; i += 7) {
      for (let j = i; j < all.length; j += 53) {
        const got = pushAll(new PacketDecoder(), [all.subarray(0, i), all.subarray(i, j), all.subarray(j)]);
        expect(plain(got)).toEqual(expected);
      }
    }
  });

  it('takes empty chunks anywhere', () => {
    const decoder = new PacketDecoder();
    const b = FIXTURES[0].bytes;
    expect(decoder.push(new Uint8Array(0))).toEqual([]);
    expect(decoder.push(b.subarray(0, 1))).toEqual([]);
    expect(decoder.push(new Uint8Array(0))).toEqual([]);
    expect(decoder.push(b.subarray(1))).toEqual([FIXTURES[0].packet]);
  });

  it('decodes a PUBLISH with a 4-byte remaining length split inside the length', () => {
    const payload = seq(2097152);
    const header = new Uint8Array([0x30, 0x83, 0x80, 0x80, 0x01, 0, 1, 0x7a]);
    const whole = concat([header, payload]);
    for (const cut of [1, 2, 3, 4, 5, 8, 1000, whole.length - 1]) {
      const decoder = new PacketDecoder();
      const got = pushAll(decoder, [whole.subarray(0, cut), whole.subarray(cut)]);
      expect(got.length).toBe(1);
      const p = got[0] as Extract<Packet, { type: 'publish' }>;
      expect(p.topic).toBe('z');
      expect(p.payload.length).toBe(2097152);
      expect(p.payload[2097151]).toBe(2097151 & 0xff);
    }
  });

  it('returns the payload of a packet inside a chunk as a view, without copying', () => {
    const chunk = FIXTURES.filter((f) => f.name === 'PUBLISH QoS 1')[0].bytes.slice();
    const p = new PacketDecoder().push(chunk)[0] as Extract<Packet, { type: 'publish' }>;
    expect(p.payload.buffer).toBe(chunk.buffer);
    expect(p.payload.byteOffset).toBe(7);
  });
});

describe('PacketDecoder, MQTT 5 and MQTT 3.1', () => {
  const versioned = FIXTURES_5.concat(FIXTURES_31);

  describe.each(versioned.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    it('decodes the fixture bytes in one chunk', () => {
      expect(plain(new PacketDecoder({ protocolVersion: fixture.version }).push(fixture.bytes))).toEqual(plain([fixture.packet]));
    });

    it('decodes when the bytes are split at any point', () => {
      const b = fixture.bytes;
      for (let i = 1; i < b.length; i++) {
        const decoder = new PacketDecoder({ protocolVersion: fixture.version });
        expect(decoder.push(b.subarray(0, i))).toEqual([]);
        expect(plain(decoder.push(b.subarray(i)))).toEqual(plain([fixture.packet]));
      }
    });

    it('decodes when fed byte by byte', () => {
      const decoder = new PacketDecoder({ protocolVersion: fixture.version });
      const out: Packet[] = [];
      for (let i = 0; i < fixture.bytes.length; i++) out.push(...decoder.push(fixture.bytes.subarray(i, i + 1)));
      expect(plain(out)).toEqual(plain([fixture.packet]));
    });
  });

  it('decodes every MQTT 5 fixture from one stream however it is cut into three', () => {
    const all = concat(FIXTURES_5.map((f) => f.bytes));
    const expected = plain(FIXTURES_5.map((f) => f.packet));
    for (let i = 0; i < all.length; i += 5) {
      for (let j = i; j < all.length; j += 41) {
        const got = pushAll(new PacketDecoder({ protocolVersion: 5 }), [all.subarray(0, i), all.subarray(i, j), all.subarray(j)]);
        expect(plain(got)).toEqual(expected);
      }
    }
  });

  it('takes its version from a CONNECT, for the packets after it in the same chunk', () => {
    const connect5 = FIXTURES_5[0].bytes;
    const puback5 = new Uint8Array([0x40, 3, 0, 1, 0x10]);
    const decoder = new PacketDecoder();
    expect(decoder.protocolVersion).toBe(4);
    expect(decoder.push(concat([connect5, puback5]))[1]).toEqual({ type: 'puback', packetId: 1, reasonCode: 0x10 });
    expect(decoder.protocolVersion).toBe(5);
    const connect31 = FIXTURES_31[0].bytes;
    const v31 = new PacketDecoder({ protocolVersion: 5 });
    expect(v31.push(connect31).length).toBe(1);
    expect(v31.protocolVersion).toBe(3);
    expect(() => v31.push(puback5)).toThrow('PUBACK: remaining length 3, must be 2');
  });

  it('decodes a 3.1.1 PUBACK as MQTT 5 with reason code 0 and a DISCONNECT with reason code 0', () => {
    expect(new PacketDecoder({ protocolVersion: 5 }).push(new Uint8Array([0x40, 2, 0, 9, 0xe0, 0]))).toEqual([
      { type: 'puback', packetId: 9, reasonCode: 0 },
      { type: 'disconnect', reasonCode: 0 },
    ]);
  });

  it('gives binary properties as views into the chunk', () => {
    const fixture = FIXTURES_5.filter((f) => f.name.indexOf('every PUBLISH property') >= 0)[0];
    const chunk = fixture.bytes.slice();
    const p = new PacketDecoder({ protocolVersion: 5 }).push(chunk)[0] as Extract<Packet, { type: 'publish' }>;
    expect((p.properties!.correlationData as Uint8Array).buffer).toBe(chunk.buffer);
  });

  it('gives user properties a null prototype, so any name is a plain key', () => {
    const list = [0x26, 0, 9, ...Buffer.from('__proto__'), 0, 1, 0x78, 0x26, 0, 8, ...Buffer.from('toString'), 0, 1, 0x79];
    const body = [0, 1, 0x10, list.length, ...list];
    const p = new PacketDecoder({ protocolVersion: 5 }).push(new Uint8Array([0x40, body.length, ...body]))[0] as Extract<Packet, { type: 'puback' }>;
    const user = p.properties!.userProperties!;
    expect(Object.keys(user)).toEqual(['__proto__', 'toString']);
    expect(user['__proto__']).toBe('x');
    expect(user.toString).toBe('y');
  });
});

describe('PacketDecoder failures', () => {
  const bad = new Uint8Array([0xc0, 0, 0x00, 0]); // PINGREQ, then reserved type 0

  it('throws an MqttProtocolError and stays failed: every later push throws the same error', () => {
    const decoder = new PacketDecoder();
    let first: unknown;
    try {
      decoder.push(bad);
    } catch (e) {
      first = e;
    }
    expect(first).toBeInstanceOf(MqttProtocolError);
    expect(first).toMatchObject({ code: 'UNKNOWN_PACKET_TYPE', message: 'unknown packet type 0 [MQTT-2.2.1]' });
    expect(decoder.error).toBe(first);
    for (let i = 0; i < 3; i++) {
      let again: unknown;
      try {
        decoder.push(new Uint8Array([0xd0, 0]));
      } catch (e) {
        again = e;
      }
      expect(again).toBe(first);
    }
  });

  it('has no error while healthy', () => {
    const decoder = new PacketDecoder();
    decoder.push(new Uint8Array([0xd0, 0]));
    expect(decoder.error).toBeNull();
  });

  it('fails on the first byte of a bad packet, before its length arrives', () => {
    const decoder = new PacketDecoder();
    expect(decoder.push(new Uint8Array([0xd0, 0]))).toEqual([{ type: 'pingresp' }]);
    expect(() => decoder.push(new Uint8Array([0xf0]))).toThrow('unknown packet type 15 [MQTT-2.2.1]');
  });

  it('refuses a chunk that is not a Uint8Array with a TypeError, and stays usable', () => {
    const decoder = new PacketDecoder();
    expect(() => decoder.push('abc' as unknown as Uint8Array)).toThrow(new TypeError('chunk must be a Uint8Array'));
    expect(decoder.push(new Uint8Array([0xd0, 0]))).toEqual([{ type: 'pingresp' }]);
  });

  it.each([
    [{ maxPacketSize: -1 }, RangeError, 'maxPacketSize must be an integer from 0 to 268435455, got -1'],
    [{ maxPacketSize: 1.5 }, RangeError, 'maxPacketSize must be an integer from 0 to 268435455, got 1.5'],
    [{ maxPacketSize: 268435456 }, RangeError, 'maxPacketSize must be an integer from 0 to 268435455, got 268435456'],
    [{ maxPacketSize: NaN }, RangeError, 'maxPacketSize must be an integer from 0 to 268435455, got NaN'],
    [{ maxPacketSize: '10' }, TypeError, 'maxPacketSize must be a number, got string'],
    [{ protocolVersion: 6 }, RangeError, 'protocolVersion must be an integer from 3 to 5, got 6'],
    [{ protocolVersion: 2 }, RangeError, 'protocolVersion must be an integer from 3 to 5, got 2'],
    [{ protocolVersion: '5' }, TypeError, 'protocolVersion must be a number, got string'],
  ])('refuses options %j', (options, cls, message) => {
    expect(() => new PacketDecoder(options as { maxPacketSize: number })).toThrow(new cls(message));
  });

  it('defaults maxPacketSize to the protocol maximum', () => {
    expect(new PacketDecoder().maxPacketSize).toBe(268435455);
    expect(new PacketDecoder({}).maxPacketSize).toBe(268435455);
  });

  it('refuses an oversized packet whose length arrives split across chunks', () => {
    const decoder = new PacketDecoder({ maxPacketSize: 1000 });
    expect(decoder.push(new Uint8Array([0x30, 0x80]))).toEqual([]);
    expect(decoder.push(new Uint8Array([0x80]))).toEqual([]);
    expect(() => decoder.push(new Uint8Array([0x01, 0, 1]))).toThrow('remaining length 16384 exceeds maxPacketSize 1000');
  });
});

describe('PacketDecoder with Node Buffers', () => {
  it('gives plain Uint8Array payloads that share the chunk memory', () => {
    const chunk = Buffer.from([0x32, 7, 0, 1, 0x74, 0, 1, 1, 2]);
    const p = new PacketDecoder().push(chunk)[0] as Extract<Packet, { type: 'publish' }>;
    expect(Buffer.isBuffer(p.payload)).toBe(false);
    expect(p.payload.constructor).toBe(Uint8Array);
    expect(Array.from(p.payload)).toEqual([1, 2]);
    chunk[7] = 9;
    expect(p.payload[0]).toBe(9);
  });
});
