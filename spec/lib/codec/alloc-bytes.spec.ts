import { allocBytes } from '../../../lib/codec/alloc-bytes';
import { allocBytes as allocBrowserBytes } from '../../../lib/codec/alloc-bytes.browser';
import { encodePublish } from '../../../lib/codec/encode-publish';

describe('allocBytes', () => {
  it.each([0, 1, 64, 65, 100, 2048, 2049, 70000])('gives %i zeroed bytes', (n) => {
    const b = allocBytes(n);
    expect(b).toBeInstanceOf(Uint8Array);
    expect(b.length).toBe(n);
    expect(b.every((x) => x === 0)).toBe(true);
  });

  it('never hands out overlapping arrays, across slabs', () => {
    const arrays: Uint8Array[] = [];
    for (let i = 0; i < 500; i++) {
      const b = allocBytes(65 + (i % 300));
      b.fill(i & 0xff);
      arrays.push(b);
    }
    arrays.forEach((b, i) => expect(b.every((x) => x === (i & 0xff))).toBe(true));
  });

  it('keeps packets intact when the caller writes their views elsewhere', () => {
    const a = encodePublish('t', new Uint8Array(100).fill(1));
    const b = encodePublish('t', new Uint8Array(100).fill(2));
    const copyA = new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
    expect(copyA).toEqual(a);
    expect(b[b.length - 1]).toBe(2);
    expect(a[a.length - 1]).toBe(1);
  });
});

describe('allocBytes of the browser bundle (alloc-bytes.browser.ts)', () => {
  it.each([0, 64, 100, 2048, 70000])('gives %i zeroed bytes in an array of their own', (n) => {
    const b = allocBrowserBytes(n);
    expect(b).toBeInstanceOf(Uint8Array);
    expect(b.length).toBe(n);
    expect(b.byteOffset).toBe(0);
    expect(b.buffer.byteLength).toBe(n);
    expect(b.every((x) => x === 0)).toBe(true);
  });
});
