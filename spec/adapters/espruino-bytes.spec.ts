import { binaryStringFromBytes, bytesFromBinaryString } from '../../adapters/espruino-bytes';

describe('espruino-bytes', () => {
  const all = new Uint8Array(256);
  for (let i = 0; i < 256; i++) all[i] = i;

  it('round-trips every byte value through a binary string without E', () => {
    const s = binaryStringFromBytes(all);
    expect(s.length).toBe(256);
    expect(s.charCodeAt(0)).toBe(0);
    expect(s.charCodeAt(255)).toBe(255);
    expect(bytesFromBinaryString(s)).toEqual(all);
  });

  it('converts more than one fallback chunk (1024 bytes) in order', () => {
    const big = new Uint8Array(5000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 255;
    expect(bytesFromBinaryString(binaryStringFromBytes(big))).toEqual(big);
  });

  it('keeps the low byte of characters above 255', () => {
    expect(bytesFromBinaryString('\u0141A')).toEqual(new Uint8Array([0x41, 0x41]));
  });

  it('prefers E.toString and E.toUint8Array, falling back when E.toString cannot allocate', () => {
    const e = { toString: jest.fn(() => 'flat'), toUint8Array: jest.fn(() => new Uint8Array([7])) };
    expect(binaryStringFromBytes(new Uint8Array([1]), e)).toBe('flat');
    expect(bytesFromBinaryString('x', e)).toEqual(new Uint8Array([7]));
    e.toString.mockReturnValue(undefined as unknown as string);
    expect(binaryStringFromBytes(new Uint8Array([65, 66]), e)).toBe('AB');
  });

  it('handles empty input', () => {
    expect(binaryStringFromBytes(new Uint8Array(0))).toBe('');
    expect(bytesFromBinaryString('')).toEqual(new Uint8Array(0));
  });
});
