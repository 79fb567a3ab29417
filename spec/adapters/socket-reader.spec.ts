import { COPY_BELOW_BYTES, READ_BUFFER_BYTES, SLAB_BYTES, SocketReader } from '../../adapters/socket-reader';

/** Does what Node does per read: takes the current buffer, fills `length` bytes with `fill`, calls back. */
function read(reader: SocketReader, length: number, fill: number): Uint8Array {
  const buffer = (reader.onread.buffer as () => Uint8Array)();
  buffer.fill(fill, 0, length);
  expect(reader.onread.callback(length, buffer)).toBe(true);
  return buffer;
}

describe('SocketReader', () => {
  it('reads into one buffer (its whole slab) and copies a short read out of it, so the next read cannot change the chunk', () => {
    const reader = new SocketReader(false);
    const chunks: Uint8Array[] = [];
    reader.sink = (chunk) => chunks.push(chunk);
    const first = read(reader, 3, 1);
    const second = read(reader, COPY_BELOW_BYTES - 1, 2);
    expect(first.length).toBe(SLAB_BYTES);
    expect(second).toBe(first); // reused
    expect(Array.from(chunks[0])).toEqual([1, 1, 1]);
    expect(chunks[1].length).toBe(COPY_BELOW_BYTES - 1);
    expect(chunks[0].buffer).not.toBe(first.buffer);
    expect(Buffer.isBuffer(chunks[0])).toBe(true);
  });

  it('hands a long read over without copying and reads the next one into the rest of its slab, after the chunk', () => {
    const reader = new SocketReader(false);
    const chunks: Uint8Array[] = [];
    reader.sink = (chunk) => chunks.push(chunk);
    const first = read(reader, COPY_BELOW_BYTES, 5);
    const second = read(reader, READ_BUFFER_BYTES, 6);
    expect(chunks[0].buffer).toBe(first.buffer);
    expect(chunks[0].byteOffset).toBe(first.byteOffset);
    expect(chunks[0].length).toBe(COPY_BELOW_BYTES);
    expect(second.buffer).toBe(first.buffer); // same slab, no new allocation
    expect(second.byteOffset).toBe(first.byteOffset + COPY_BELOW_BYTES);
    expect(second.length).toBe(SLAB_BYTES - COPY_BELOW_BYTES); // the rest of the slab: one long read can fill it
    expect(chunks[0].every((b) => b === 5)).toBe(true); // the second read did not touch the first chunk
    expect(chunks[1].every((b) => b === 6)).toBe(true);
  });

  it('starts a new slab once the rest of the current one is shorter than a read: chunks handed over never change', () => {
    const reader = new SocketReader(false);
    const chunks: Uint8Array[] = [];
    reader.sink = (chunk) => chunks.push(chunk);
    const reads = SLAB_BYTES / READ_BUFFER_BYTES + 2;
    const buffers: Uint8Array[] = [];
    for (let i = 0; i < reads; i++) buffers.push(read(reader, READ_BUFFER_BYTES, i + 1));
    const slabs = new Set(buffers.map((b) => b.buffer));
    expect(slabs.size).toBe(2);
    expect(buffers[SLAB_BYTES / READ_BUFFER_BYTES].buffer).not.toBe(buffers[0].buffer);
    expect(buffers[SLAB_BYTES / READ_BUFFER_BYTES].byteOffset).toBe(0);
    chunks.forEach((chunk, i) => expect(chunk.length === READ_BUFFER_BYTES && chunk.every((b) => b === i + 1)).toBe(true));
  });

  it('drops what it reads while nobody set a sink', () => {
    const reader = new SocketReader(false);
    expect(() => read(reader, 4, 1)).not.toThrow();
  });

  it('reads eagerly without pacing: a flood of small reads never pauses the socket', () => {
    const reader = new SocketReader(false);
    for (let i = 0; i < 200; i++) expect(read(reader, 64, 1).length).toBe(SLAB_BYTES);
  });

  it('paces a flood of small reads when asked: one returns false (Node pauses), and the pause ends in resume()', async () => {
    const reader = new SocketReader(true);
    let resumed = 0;
    reader.resume = () => resumed++;
    const answers: boolean[] = [];
    for (let i = 0; i < 50; i++) {
      const buffer = (reader.onread.buffer as () => Uint8Array)();
      answers.push(reader.onread.callback(64, buffer) as boolean);
    }
    expect(answers.indexOf(false)).toBeGreaterThanOrEqual(3); // the first small reads never pause
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resumed).toBe(1);
  });

  it('stopPacing drops a running pause: no resume() follows', async () => {
    const reader = new SocketReader(true);
    let resumed = 0;
    reader.resume = () => resumed++;
    for (let i = 0; i < 50; i++) reader.onread.callback(64, (reader.onread.buffer as () => Uint8Array)());
    reader.stopPacing();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resumed).toBe(0);
  });
});
