import { asapScheduler, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ClientClosedError, MqttError } from '../../../../lib/errors';
import { MAX_BATCH_BYTES, MAX_VIEW_BATCH_BYTES, VIEW_PAYLOAD_BYTES, WriteBatcher, WriteListener } from '../../../../lib/client/connection/write-batcher';
import { encodeAck, encodePublish } from '../../../../lib/codec/encode-publish';

function recorder(): { writes: number[][]; sink: (b: Uint8Array) => boolean } {
  const writes: number[][] = [];
  return { writes, sink: (b) => (writes.push(Array.from(b)), true) };
}

/** `n` bytes of value `v`, to send. */
function bytes(n: number, v: number): Uint8Array {
  return new Uint8Array(n).fill(v);
}

/** `n` bytes of value `v`, as a recorded write holds them. */
function run(n: number, v: number): number[] {
  return new Array<number>(n).fill(v);
}

function listener(log: string[], name: string): WriteListener {
  return { writeSettled: (e: MqttError | null) => log.push(name + ' ' + (e === null ? 'written' : e.code)) };
}

describe('WriteBatcher', () => {
  it('writes the packets of one turn as one write, in order, after the turn', async () => {
    const { writes, sink } = recorder();
    let flushes = 0;
    const batcher = new WriteBatcher(sink, asapScheduler, () => flushes++);
    batcher.enqueue(Uint8Array.of(0x40, 2, 0, 1));
    batcher.enqueue(Uint8Array.of(0x40, 2, 0, 2));
    batcher.enqueue(Uint8Array.of(0xc0, 0));
    expect(writes).toEqual([]);
    await Promise.resolve();
    expect(writes).toEqual([[0x40, 2, 0, 1, 0x40, 2, 0, 2, 0xc0, 0]]);
    expect(flushes).toBe(1);
    batcher.enqueue(Uint8Array.of(0xe0, 0));
    await Promise.resolve();
    expect(writes).toEqual([[0x40, 2, 0, 1, 0x40, 2, 0, 2, 0xc0, 0], [0xe0, 0]]);
  });

  it('flushes in virtual time on the scheduler it is given', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const writes = new Subject<number>();
      const batcher = new WriteBatcher((b) => (writes.next(b.length), true), asapScheduler, () => undefined);
      cold('--a--(bc)--d').subscribe((v) => batcher.enqueue(new Uint8Array(v === 'd' ? 4 : 2)));
      // one write per frame that queued something: 2 bytes, then b and c together (4), then 4
      expectObservable(writes).toBe('--x--y-----z', { x: 2, y: 4, z: 4 });
    });
  });

  it('writes at once when a batch reaches its byte limit', () => {
    const { writes, sink } = recorder();
    const batcher = new WriteBatcher(sink, asapScheduler, () => undefined);
    const half = MAX_BATCH_BYTES / 2;
    batcher.enqueue(bytes(half, 1));
    batcher.enqueue(bytes(half - 1, 2));
    expect(writes).toEqual([]);
    batcher.enqueue(Uint8Array.of(2));
    expect(writes).toEqual([run(half, 1).concat(run(half, 2))]);
    batcher.enqueue(Uint8Array.of(3));
    expect(writes.length).toBe(1);
    batcher.flush();
    expect(writes[1]).toEqual([3]);
  });

  it('tells listeners after the write, and fails them when closed first', () => {
    const log: string[] = [];
    const batcher = new WriteBatcher(() => (log.push('write'), true), asapScheduler, () => log.push('flushed'));
    batcher.enqueue(Uint8Array.of(1), listener(log, 'a'));
    batcher.flush();
    batcher.enqueue(Uint8Array.of(2), listener(log, 'b'));
    batcher.close(new ClientClosedError());
    batcher.enqueue(Uint8Array.of(3), listener(log, 'c'));
    batcher.flush();
    expect(log).toEqual(['write', 'flushed', 'a written', 'b CLIENT_CLOSED', 'c CLIENT_CLOSED']);
  });

  it('remembers that the transport refused more and forgets it on drain', () => {
    const batcher = new WriteBatcher(() => false, asapScheduler, () => undefined);
    expect(batcher.writable).toBe(true);
    batcher.enqueue(Uint8Array.of(1));
    batcher.flush();
    expect(batcher.writable).toBe(false);
    batcher.drained();
    expect(batcher.writable).toBe(true);
  });

  it('accepts packets queued by a listener while it is being told', async () => {
    const { writes, sink } = recorder();
    const batcher = new WriteBatcher(sink, asapScheduler, () => undefined);
    batcher.enqueue(Uint8Array.of(1), { writeSettled: () => batcher.enqueue(Uint8Array.of(2)) });
    await Promise.resolve();
    await Promise.resolve();
    expect(writes).toEqual([[1], [2]]);
  });

  it('tells each waiter once on the next drain, and drops the waiters when closed', () => {
    const log: string[] = [];
    const batcher = new WriteBatcher(() => false, asapScheduler, () => undefined);
    batcher.enqueue(Uint8Array.of(1));
    batcher.flush();
    batcher.whenWritable({ writable: () => log.push('a') });
    batcher.whenWritable({ writable: () => log.push('b:' + batcher.writable) });
    batcher.drained();
    batcher.drained();
    expect(log).toEqual(['a', 'b:true']);
    batcher.whenWritable({ writable: () => log.push('c') });
    batcher.close(new ClientClosedError());
    batcher.drained();
    expect(log).toEqual(['a', 'b:true']);
  });

  it('encodes a PUBLISH straight into the batch, byte for byte as encodePublish, in order with other packets', () => {
    const { writes, sink } = recorder();
    const batcher = new WriteBatcher(sink, asapScheduler, () => undefined);
    const payload = new Uint8Array(300).fill(7);
    batcher.enqueue(Uint8Array.of(0x40, 2, 0, 9));
    batcher.enqueuePublish('a/b', payload, 1, true, false, 42);
    batcher.enqueuePublish('ü', 'text', 0, false, false, undefined);
    batcher.flush();
    const expected = [0x40, 2, 0, 9].concat(Array.from(encodePublish('a/b', payload, 1, true, false, 42)), Array.from(encodePublish('ü', 'text')));
    expect(writes).toEqual([expected]);
  });

  it('queues nothing for a PUBLISH with bad arguments', () => {
    const { writes, sink } = recorder();
    const batcher = new WriteBatcher(sink, asapScheduler, () => undefined);
    expect(() => batcher.enqueuePublish('a/#', 'x', 0, false, false, undefined)).toThrow(RangeError);
    expect(() => batcher.enqueuePublish('a', 'x', 1, false, false, undefined)).toThrow(TypeError);
    batcher.flush();
    expect(writes).toEqual([]);
    batcher.enqueue(Uint8Array.of(1));
    batcher.flush();
    expect(writes).toEqual([[1]]);
  });

  it('writes the batch first when a packet would take it past the limit, and a packet of the limit or more on its own', () => {
    const { writes, sink } = recorder();
    const batcher = new WriteBatcher(sink, asapScheduler, () => undefined);
    batcher.enqueue(bytes(MAX_BATCH_BYTES - 3, 1));
    batcher.enqueue(bytes(4, 2));
    expect(writes).toEqual([run(MAX_BATCH_BYTES - 3, 1)]);
    batcher.enqueue(bytes(MAX_BATCH_BYTES, 3));
    expect(writes).toEqual([run(MAX_BATCH_BYTES - 3, 1), run(4, 2), run(MAX_BATCH_BYTES, 3)]);
    batcher.enqueuePublish('t', 'x'.repeat(MAX_BATCH_BYTES - 5), 0, false, false, undefined); // 65536 bytes in all
    expect(writes[3]).toEqual(Array.from(encodePublish('t', 'x'.repeat(MAX_BATCH_BYTES - 5))));
  });

  it('sends a byte payload of VIEW_PAYLOAD_BYTES or more as its own view after its header, in order with the rest', () => {
    const writes: Uint8Array[] = [];
    const batcher = new WriteBatcher((b) => (writes.push(b), true), asapScheduler, () => undefined);
    const large = new Uint8Array(VIEW_PAYLOAD_BYTES).fill(9);
    const small = new Uint8Array(VIEW_PAYLOAD_BYTES - 1).fill(8);
    batcher.enqueueAck(4, 1);
    batcher.enqueuePublish('a', large, 1, false, false, 7);
    batcher.enqueuePublish('b', small, 0, false, false, undefined);
    batcher.enqueuePublish('c', large, 0, false, false, undefined);
    batcher.enqueueAck(4, 2);
    batcher.flush();
    // pieces: PUBACK + header of a, a's payload (the caller's array), b whole + header of c, c's payload, the last PUBACK
    expect(writes.length).toBe(5);
    expect(writes[1]).toBe(large);
    expect(writes[3]).toBe(large);
    const all = writes.flatMap((w) => Array.from(w));
    const expected = [encodeAck(4, 1), encodePublish('a', large, 1, false, false, 7), encodePublish('b', small), encodePublish('c', large), encodeAck(4, 2)];
    expect(all).toEqual(expected.flatMap((p) => Array.from(p)));
  });

  it('fills a batch with payload views up to MAX_VIEW_BATCH_BYTES, and copied bytes still up to MAX_BATCH_BYTES', () => {
    const writes: Uint8Array[] = [];
    const batcher = new WriteBatcher((b) => (writes.push(b), true), asapScheduler, () => undefined);
    const quarter = new Uint8Array(MAX_VIEW_BATCH_BYTES / 4);
    for (let i = 0; i < 4; i++) batcher.enqueuePublish('t', quarter, 0, false, false, undefined);
    // the fourth takes the batch past the limit: the first three (header, view each) are written at once
    expect(writes.map((w) => w.length)).toEqual([7, quarter.length, 7, quarter.length, 7, quarter.length]);
    batcher.enqueue(bytes(MAX_BATCH_BYTES - 6, 1));
    // 7 copied header bytes + 65,530 would pass MAX_BATCH_BYTES: the fourth PUBLISH leaves first
    expect(writes.slice(6).map((w) => w.length)).toEqual([7, quarter.length]);
    expect(writes[7]).toBe(quarter);
    batcher.flush();
    expect(writes.slice(8).map((w) => w.length)).toEqual([MAX_BATCH_BYTES - 6]);
  });

  it('keeps packets that listeners queue while a full batch is being written', () => {
    const { writes, sink } = recorder();
    const batcher = new WriteBatcher(sink, asapScheduler, () => undefined);
    batcher.enqueue(bytes(MAX_BATCH_BYTES - 3, 1), { writeSettled: () => batcher.enqueue(Uint8Array.of(4)) });
    batcher.enqueuePublish('t', 'xy', 0, false, false, undefined); // 7 bytes: writes the first batch, whose listener queues [4]
    batcher.flush();
    expect(writes).toEqual([run(MAX_BATCH_BYTES - 3, 1), [4].concat(Array.from(encodePublish('t', 'xy')))]);
  });

  it('fails the listener of a packet when writing the full batch before it closed the batcher', () => {
    const log: string[] = [];
    let batcher: WriteBatcher;
    batcher = new WriteBatcher(() => (log.push('write'), batcher.close(new ClientClosedError()), false), asapScheduler, () => undefined);
    batcher.enqueue(bytes(MAX_BATCH_BYTES - 3, 1));
    batcher.enqueue(bytes(4, 2), listener(log, 'b'));
    batcher.enqueuePublish('t', 'xy', 0, false, false, undefined, listener(log, 'c'));
    batcher.flush();
    expect(log).toEqual(['write', 'b CLIENT_CLOSED', 'c CLIENT_CLOSED']);
  });

  it('writes acknowledgements straight into the batch, as encodeAck would', () => {
    const { writes, sink } = recorder();
    const batcher = new WriteBatcher(sink, asapScheduler, () => undefined);
    batcher.enqueueAck(4, 0x1234);
    batcher.enqueueAck(5, 1);
    batcher.enqueueAck(6, 65535);
    batcher.enqueueAck(7, 300);
    batcher.flush();
    expect(writes).toEqual([[4, 5, 6, 7].flatMap((t, i) => Array.from(encodeAck(t as 4 | 5 | 6 | 7, [0x1234, 1, 65535, 300][i])))]);
    batcher.close(new ClientClosedError());
    batcher.enqueueAck(4, 2);
    batcher.flush();
    expect(writes.length).toBe(1);
  });
});
