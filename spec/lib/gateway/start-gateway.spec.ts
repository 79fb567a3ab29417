import type { Socket } from 'node:dgram';
import { Observable, throwError } from 'rxjs';
import type { DisconnectResult } from '../../../lib/client/types';
import { ConnectionRefusedError, TransportError } from '../../../lib/errors';
import type { GatewayEvent } from '../../../lib/gateway/gateway-event';
import { GatewayHandle, startGateway } from '../../../lib/gateway/start-gateway';
import { FakeClient } from './support/fake-client';
import { loopbackSocket } from './support/loopback-socket';

function reply(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('message', (m: Buffer) => resolve(m.toString())));
}

describe('startGateway', () => {
  let handle: GatewayHandle | undefined;
  afterEach(async () => {
    if (handle) await handle.stop();
    handle = undefined;
  });

  it('binds UDP on the given address, connects the client, and runs until stop', async () => {
    const client = new FakeClient();
    client.setConnected(false);
    let connects = 0;
    client.connect = () =>
      new Observable((s) => {
        connects++;
        client.setConnected(true);
        s.next({ sessionPresent: false });
        s.complete();
      });
    let disconnects = 0;
    client.disconnect = () => new Observable<DisconnectResult>((s) => (disconnects++, s.complete()));
    const events: GatewayEvent[] = [];
    handle = await startGateway({ client, udp: { host: '127.0.0.1', port: 0 }, config: { open: true }, onEvent: (e) => events.push(e) });
    expect(connects).toBe(1);
    expect(handle.address.host).toBe('127.0.0.1');
    const node = await loopbackSocket();
    try {
      const answer = reply(node);
      node.send('["light","417",false,4]', handle.address.port, '127.0.0.1');
      expect(await answer).toBe('["ACK","ACK"]');
      expect(handle.status()).toMatchObject({ connected: true, nodes: 1, forwarded: 1 });
      expect(events.map((e) => e.type)).toEqual(['connected', 'node', 'forwarded']);
    } finally {
      node.close();
    }
    await handle.stop();
    await handle.stop();
    expect(disconnects).toBe(1);
    expect(client.unsubscribes.sort()).toEqual(['allnodes', 'gw_query']);
    handle = undefined;
  });

  it('does not connect an already connected client, and leaves it connected when asked', async () => {
    const client = new FakeClient();
    client.connect = () => throwError(() => new Error('must not connect'));
    client.disconnect = () => throwError(() => new Error('must not disconnect'));
    handle = await startGateway({ client, udp: { host: '127.0.0.1', port: 0 }, disconnectOnStop: false });
    await expect(handle.stop()).resolves.toBeUndefined();
    handle = undefined;
  });

  it('rejects with the client error when the first connection fails, and frees the port', async () => {
    const client = new FakeClient();
    client.setConnected(false);
    client.connect = () => throwError(() => new ConnectionRefusedError(5));
    const node = await loopbackSocket();
    const port = node.address().port;
    node.close();
    const error = await startGateway({ client, udp: { host: '127.0.0.1', port } }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect(error.code).toBe('CONNECTION_REFUSED');
    (await loopbackSocket(port)).close(); // the gateway let go of the port
  });

  it('rejects with CONNECT_FAILED when the UDP port is taken', async () => {
    const node = await loopbackSocket();
    try {
      const error = await startGateway({ client: new FakeClient(), udp: { host: '127.0.0.1', port: node.address().port } }).catch((e) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(error.code).toBe('CONNECT_FAILED');
    } finally {
      node.close();
    }
  });

  it('rejects a bad config before binding anything', async () => {
    const error = await startGateway({ client: new FakeClient(), udp: { host: '127.0.0.1', port: 0 }, config: { qlen: 0 } }).catch((e) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('gateway config "qlen": expected an integer from 1 to 10000, got 0');
  });
});
