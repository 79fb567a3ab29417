import { DEFAULT_MAX_PACKET_SIZE } from '../../../../lib/client/options/default-max-packet-size';
import { DEFAULT_MAX_PACKET_SIZE as BROWSER_DEFAULT } from '../../../../lib/client/options/default-max-packet-size.browser';
import { MAX_REMAINING_LENGTH } from '../../../../lib/codec/remaining-length';

describe('DEFAULT_MAX_PACKET_SIZE', () => {
  it('is a client-sized limit, below the protocol maximum, and smaller in the browser', () => {
    expect(DEFAULT_MAX_PACKET_SIZE).toBe(16 * 1024 * 1024);
    expect(DEFAULT_MAX_PACKET_SIZE).toBeLessThan(MAX_REMAINING_LENGTH);
    expect(BROWSER_DEFAULT).toBe(1024 * 1024);
  });
});
