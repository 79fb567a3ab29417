import { COPY_BELOW_BYTES, READ_BUFFER_BYTES, SocketReader } from '../../adapters/socket-reader';

/** Does what Node does per read: takes the current buffer, fills `length` bytes with `fill`, calls back. */
function read(reader: SocketReader, length: number, fill: number): Uint8Array {
  const buffer = (reader.onread.buffer as () => Uint8Array)();
  buffer.fill(fill, 0, length);
  expect(reader.onread.callback(length, buffer)).toBe(true);
  return buffer;
}

describe('SocketReader', () => {
  it('reads into one 64 KB buffer and copies a short read out of it, so the next read cannot change the chunk', () => {
    const reader = new SocketReader();
    const chunks: Uint8Array[] = [];
    reader.sink = (chunk) => chunks.push(chunk);
    const first = read(reader, 3, 1);
    const second = read(reader, COPY_BELOW_BYTES - 1, 2);
    expect(first.length).toBe(READ_BUFFER_BYTES);
    expect(second).toBe(first); // reused
    expect(Array.from(chunks[0])).toEqual([1, 1, 1]);
    expect(chunks[1].length).toBe(COPY_BELOW_BYTES - 1);
    expect(chunks[0].buffer).not.toBe(first.buffer);
    expect(Buffer.isBuffer(chunks[0])).toBe(true);
  });

  it('hands a long read over without copying and reads the next one into a new buffer', () => {
    const reader = new SocketReader();
    const chunks: Uint8Array[] = [];
    reader.sink = (chunk) => chunks.push(chunk);
    const first = read(reader, COPY_BELOW_BYTES, 5);
    const second = read(reader, 10, 6);
    expect(chunks[0].buffer).toBe(first.buffer);
    expect(chunks[0].length).toBe(COPY_BELOW_BYTES);
    expect(chunks[0].every((b) => b === 5)).toBe(true);
    expect(second).not.toBe(first);
    expect(Array.from(chunks[1])).toEqual(new Array(10).fill(6));
  });

  it('drops what it reads while nobody set a sink', () => {
    const reader = new SocketReader();
    expect(() => read(reader, 4, 1)).not.toThrow();
  });
});
