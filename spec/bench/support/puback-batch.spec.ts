import { afterTopic, PubackBatch } from '../../../bench/support/puback-batch';

describe('PubackBatch', () => {
  it('gathers PUBACKs for the packet ids after the topics, as one buffer, and empties', () => {
    const acks = new PubackBatch();
    expect(acks.take()).toBeNull();
    // a QoS 1 PUBLISH body: topic "ab", packet id 0x0102
    const body = Uint8Array.of(0, 2, 0x61, 0x62, 1, 2, 0xff);
    expect(afterTopic(body, 0)).toBe(4);
    acks.add(body, afterTopic(body, 0));
    acks.add(Uint8Array.of(0xab, 0xcd), 0);
    expect(acks.size).toBe(2);
    expect(Array.from(acks.take() as Buffer)).toEqual([0x40, 2, 1, 2, 0x40, 2, 0xab, 0xcd]);
    expect(acks.take()).toBeNull();
  });

  it('grows past its first buffer without losing what it had', () => {
    const acks = new PubackBatch();
    for (let id = 1; id <= 3000; id++) acks.add(Uint8Array.of(id >> 8, id & 0xff), 0);
    const out = acks.take() as Buffer;
    expect(out.length).toBe(12000);
    expect([out.readUInt16BE(2), out.readUInt16BE(6002), out.readUInt16BE(11998)]).toEqual([1, 1501, 3000]);
  });
});
