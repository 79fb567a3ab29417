import * as net from 'node:net';
import { firstValueFrom, toArray } from 'rxjs';
import { createClient } from '../../../lib';
import { websocketTransport } from '../../../adapters';

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('no password in errors or states', () => {
  it('createClient with a mistyped scheme throws a TypeError without the password', () => {
    const thrown = errorOf(() => createClient({ url: 'mqqt://alice:S3cret@h' }));
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String(thrown)).toContain('mqqt://alice:***@h');
    expect(String(thrown)).not.toContain('S3cret');
  });

  it.each(['mqtt', 'ws'])('a refused %s connection: connect() errors and every state$ value without the password', async (scheme) => {
    const port = await closedPort();
    const url = scheme + '://alice:S3cret@127.0.0.1:' + port + (scheme === 'ws' ? '/mqtt' : '');
    const client =
      scheme === 'ws'
        ? createClient({ transport: websocketTransport({ url }), username: 'alice', password: 'S3cret', reconnect: false })
        : createClient({ url, reconnect: false });
    const states = firstValueFrom(client.state$.pipe(toArray()));
    const error = await firstValueFrom(client.connect()).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('CONNECT_FAILED');
    expect(String(error)).not.toContain('S3cret');
    client.disconnect().subscribe();
    const seen = await states;
    const errors = seen.map((state) => String((state as { error?: unknown }).error));
    expect(errors.join('\n')).toContain('CONNECT_FAILED');
    expect(errors.join('\n')).not.toContain('S3cret');
    expect(JSON.stringify(seen)).not.toContain('S3cret');
  });
});
