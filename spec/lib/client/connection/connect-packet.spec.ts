import { connectPacket } from '../../../../lib/client/connection/connect-packet';
import { resolveClientOptions } from '../../../../lib/client/options/resolve-options';

describe('connectPacket', () => {
  it('uses cleanInit for the first connection and clean afterwards, with will and credentials', () => {
    const options = resolveClientOptions({
      url: 'mqtt://h',
      clientId: 'id',
      clean: false,
      cleanInit: true,
      keepalive: 30,
      username: 'u',
      password: 'p',
      will: { topic: 'w', payload: 'bye', qos: 1, retain: true },
    });
    expect(connectPacket(options, true)).toEqual({
      type: 'connect',
      clientId: 'id',
      keepalive: 30,
      clean: true,
      username: 'u',
      password: Uint8Array.of(0x70),
      will: { topic: 'w', payload: Uint8Array.of(0x62, 0x79, 0x65), qos: 1, retain: true },
    });
    expect(connectPacket(options, false).clean).toBe(false);
  });
});
