import { PacketDecoder } from '../../../lib/codec/decoder';
import { encodePacket } from '../../../lib/codec/encode';

/** Bytes of ArrayBuffers alive now (Node's own count, after a collection when exposed). */
function arrayBufferBytes(): number {
  return process.memoryUsage().arrayBuffers;
}

describe('PacketDecoder buffer growth', () => {
  it('does not allocate the announced remaining length before its bytes arrive', () => {
    const decoder = new PacketDecoder();
    const before = arrayBufferBytes();
    // PUBLISH QoS 0 announcing 200,000,000 bytes: 0x30, remaining length 200e6 in 4 bytes
    let n = 200000000;
    const header = [0x30];
    do {
      let digit = n % 128;
      n = Math.floor(n / 128);
      if (n > 0) digit |= 0x80;
      header.push(digit);
    } while (n > 0);
    expect(decoder.push(new Uint8Array(header.concat([0, 1, 0x74])))).toEqual([]);
    const grown = arrayBufferBytes() - before;
    expect(grown).toBeLessThan(1024 * 1024);
  });

  it('assembles a large packet fed in small chunks, growing as bytes arrive', () => {
    const payload = new Uint8Array(300000);
    for (let i = 0; i < payload.length; i++) payload[i] = i & 0xff;
    const bytes = encodePacket({ type: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false });
    const decoder = new PacketDecoder();
    let out: unknown[] = [];
    for (let i = 0; i < bytes.length; i += 1000) out = out.concat(decoder.push(bytes.subarray(i, i + 1000)));
    expect(out).toHaveLength(1);
    const packet = out[0] as { topic: string; payload: Uint8Array };
    expect(packet.topic).toBe('t');
    expect(Buffer.from(packet.payload).equals(Buffer.from(payload))).toBe(true);
  });
});
