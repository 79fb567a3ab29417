import fc from 'fast-check';
import { encodePacket, Packet } from '../../../lib/codec';
import { FrameScanner } from '../../../bench/support/frame-scanner';

const PACKETS: Packet[] = [
  { type: 'connack', sessionPresent: false, returnCode: 0 },
  { type: 'publish', topic: 'bench/1', payload: new Uint8Array(64).fill(7), qos: 0, retain: false, dup: false },
  { type: 'publish', topic: 'bench/1', payload: new Uint8Array(300).fill(9), qos: 1, retain: false, dup: false, packetId: 300 },
  { type: 'puback', packetId: 2 },
  { type: 'publish', topic: 'b', payload: new Uint8Array(0), qos: 0, retain: false, dup: false },
  { type: 'pingresp' },
  { type: 'publish', topic: 'bench/big', payload: new Uint8Array(20000).fill(3), qos: 1, retain: false, dup: false, packetId: 1 },
];
const ENCODED = PACKETS.map((packet) => encodePacket(packet));
const STREAM = concat(ENCODED);
/** Every packet but the last, large one: small enough to split at every byte. */
const SMALL = concat(ENCODED.slice(0, -1));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  parts.forEach((p) => {
    out.set(p, at);
    at += p.length;
  });
  return out;
}

/** Feeds `stream` cut at `cuts` and returns each frame as [first byte, body bytes, header length]. */
function scan(stream: Uint8Array, cuts: number[]): Array<[number, number[], number]> {
  const frames: Array<[number, number[], number]> = [];
  const scanner = new FrameScanner((first, bytes, body, end) => {
    frames.push([first, Array.from(bytes.subarray(body, end)), end - body]);
  });
  let from = 0;
  cuts.concat([stream.length]).forEach((cut) => {
    scanner.push(stream.slice(from, cut));
    from = cut;
  });
  return frames;
}

const EXPECTED = ENCODED.map((bytes) => {
  let header = 2;
  while (bytes[header - 1] & 0x80) header++;
  return [bytes[0], Array.from(bytes.subarray(header)), bytes.length - header] as [number, number[], number];
});

function sameFrames(actual: Array<[number, number[], number]>, expected: Array<[number, number[], number]>): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i][0] !== expected[i][0] || actual[i][2] !== expected[i][2]) return false;
    for (let j = 0; j < expected[i][1].length; j++) if (actual[i][1][j] !== expected[i][1][j]) return false;
  }
  return true;
}

describe('FrameScanner', () => {
  it('hands over every packet of one chunk with its first byte and body', () => {
    expect(scan(STREAM, [])).toEqual(EXPECTED);
  });

  it('finds the same packets whatever single point the stream is split at', () => {
    const wrong: number[] = [];
    for (let cut = 1; cut < SMALL.length; cut++) {
      if (!sameFrames(scan(SMALL, [cut]), EXPECTED.slice(0, -1))) wrong.push(cut);
    }
    expect(wrong).toEqual([]);
    // the large packet (3-byte Remaining Length): split inside its header and its body
    const large = SMALL.length;
    [large + 1, large + 2, large + 3, large + 4, large + 5, large + 9000, STREAM.length - 1].forEach((cut) => {
      expect(scan(STREAM, [cut])).toEqual(EXPECTED);
    });
  });

  it('finds the same packets for any split into many chunks, byte by byte included', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 40 }), (cuts) => {
        expect(scan(STREAM, cuts.sort((a, b) => a - b))).toEqual(EXPECTED);
      }),
      { numRuns: 50 },
    );
    const everyByte: number[] = [];
    for (let i = 1; i < SMALL.length; i++) everyByte.push(i);
    expect(scan(SMALL, everyByte)).toEqual(EXPECTED.slice(0, -1));
  });

  it('throws a RangeError on a Remaining Length longer than four bytes', () => {
    const scanner = new FrameScanner(() => undefined);
    expect(() => scanner.push(Uint8Array.of(0x30, 0xff, 0xff, 0xff, 0xff, 0x01))).toThrow(new RangeError('malformed Remaining Length'));
  });
});
