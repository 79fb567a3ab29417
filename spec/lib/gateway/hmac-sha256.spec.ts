import { createHash, createHmac, randomBytes } from 'node:crypto';
import { composeHmacSha256, fromHex, sameText, toHex } from '../../../lib/gateway/hmac-sha256';

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());
const hmac = composeHmacSha256(sha256);

describe('composeHmacSha256', () => {
  it('gives RFC 4231 test case 2 ("Jefe")', () => {
    const mac = hmac(new TextEncoder().encode('Jefe'), new TextEncoder().encode('what do ya want for nothing?'));
    expect(toHex(mac)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it.each([0, 1, 32, 63, 64, 65, 131])('matches node:crypto createHmac for a %i-byte key', (keyLength) => {
    for (const dataLength of [0, 1, 55, 56, 64, 200, 1024]) {
      const key = randomBytes(keyLength);
      const data = randomBytes(dataLength);
      expect(toHex(hmac(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
    }
  });
});

describe('hex and comparison', () => {
  it('round-trips bytes through hex', () => {
    const bytes = new Uint8Array(randomBytes(40));
    expect(fromHex(toHex(bytes))).toEqual(bytes);
  });

  it('refuses odd lengths and non-hex digits', () => {
    expect(fromHex('abc')).toBeUndefined();
    expect(fromHex('zz')).toBeUndefined();
  });

  it('compares equal texts only', () => {
    expect(sameText('00ff', '00ff')).toBe(true);
    expect(sameText('00ff', '00fe')).toBe(false);
    expect(sameText('00ff', '00ff0')).toBe(false);
  });
});
