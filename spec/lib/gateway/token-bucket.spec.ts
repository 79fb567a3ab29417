import { TokenBucket } from '../../../lib/gateway/token-bucket';

describe('TokenBucket', () => {
  it('allows a burst, then the rate, and counts what it refuses', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.refused).toBe(1);
    now = 500; // half a second: one token
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 60000; // a long pause saves up no more than the burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.refused).toBe(3);
  });
});
