import { Socket } from 'node:dgram';
import { Subscription, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { TransportError } from '../../lib/errors';
import { UdpNodeLink, udpNodeLink } from '../../adapters/udp-node-link';
import { thrown } from '../lib/gateway/support/thrown';
import { loopbackSocket } from '../lib/gateway/support/loopback-socket';

/** Binds a link on 127.0.0.1, a free port; resolves once it listens. */
function bound(): Promise<{ link: UdpNodeLink; subscription: Subscription }> {
  return new Promise((resolve, reject) => {
    const subscription: Subscription = udpNodeLink({ host: '127.0.0.1', port: 0 }).subscribe({
      next: (link) => resolve({ link, subscription }),
      error: reject,
    });
  });
}

function nextMessage(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('message', (m: Buffer) => resolve(m.toString())));
}

describe('udpNodeLink', () => {
  it('binds to the given address, receives datagrams with their sender, and sends back', async () => {
    const { link, subscription } = await bound();
    const node = await loopbackSocket();
    try {
      expect(link.address.host).toBe('127.0.0.1');
      expect(link.address.port).toBeGreaterThan(0);
      const received = firstValueFrom(link.datagrams$);
      node.send('["light","417",false,0]', link.address.port, '127.0.0.1');
      const datagram = await received;
      expect(datagram.from).toBe('127.0.0.1:' + node.address().port);
      expect(new TextDecoder().decode(datagram.data)).toBe('["light","417",false,0]');
      expect(datagram.data.constructor).toBe(Uint8Array);
      const reply = nextMessage(node);
      await lastValueFrom(link.send(datagram.from, new TextEncoder().encode('["ACK","ACK"]')), { defaultValue: undefined });
      expect(await reply).toBe('["ACK","ACK"]');
    } finally {
      subscription.unsubscribe();
      node.close();
    }
  });

  it('completes datagrams$ and fails sends once unsubscribed', async () => {
    const { link, subscription } = await bound();
    const all = lastValueFrom(link.datagrams$.pipe(toArray()));
    subscription.unsubscribe();
    await expect(all).resolves.toEqual([]);
    const error = await lastValueFrom(link.send('127.0.0.1:9', new Uint8Array(1))).catch((e) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECTION_LOST');
    expect(error.message).toBe('udp 127.0.0.1:0 is closed');
  });

  it('errors with CONNECT_FAILED when the port is taken', async () => {
    const node = await loopbackSocket();
    try {
      const port = node.address().port;
      const error = await firstValueFrom(udpNodeLink({ host: '127.0.0.1', port }).pipe(take(1))).catch((e) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(error.code).toBe('CONNECT_FAILED');
      expect(error.message).toMatch(new RegExp('^udp 127.0.0.1:' + port + ': bind EADDRINUSE'));
    } finally {
      node.close();
    }
  });

  it('throws at call time for a bad port', () => {
    const error = thrown(() => udpNodeLink({ host: '127.0.0.1', port: 70000 }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('udpNodeLink: port must be an integer from 0 to 65535, got 70000');
  });
});
