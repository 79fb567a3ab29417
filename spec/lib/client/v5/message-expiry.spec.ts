import { agedProperties } from '../../../../lib/client/v5/message-expiry';

describe('agedProperties', () => {
  it('gives back properties without an expiry interval as they are', () => {
    const p = { contentType: 'x' };
    expect(agedProperties(p, 1e9)).toBe(p);
    expect(agedProperties(undefined, 1e9)).toBeUndefined();
  });

  it.each([
    [60, 0, 60],
    [60, 999, 60],
    [60, 1000, 59],
    [60, 12500, 48],
    [60, 59999, 1],
    [60, 60000, null],
    [60, 90000, null],
    [0, 0, 0],
    [0, 1, null],
    [1, 999, 1],
  ])('interval %i s after %i ms: %s', (interval, waited, remaining) => {
    const got = agedProperties({ messageExpiryInterval: interval, responseTopic: 'r' }, waited);
    if (remaining === null) expect(got).toBeNull();
    else expect(got).toEqual({ messageExpiryInterval: remaining, responseTopic: 'r' });
  });

  it('does not modify the properties it was given', () => {
    const p = { messageExpiryInterval: 10 };
    agedProperties(p, 5000);
    expect(p).toEqual({ messageExpiryInterval: 10 });
  });
});
