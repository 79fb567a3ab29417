import { Subscription } from 'rxjs';
import { createGateway } from '../../../lib/gateway/create-gateway';
import { createNodeClient } from '../../../lib/gateway/node-client';
import { nodeUdpSocket } from '../../../lib/gateway/node-udp-socket';
import { UdpNodeLink, udpNodeLink } from '../../../lib/gateway/udp-node-link';
import { FakeClient } from './support/fake-client';
import { loopbackSocket } from './support/loopback-socket';

describe('nodeUdpSocket', () => {
  it('sends text to the gateway and hears only the gateway', async () => {
    const gateway = await loopbackSocket();
    const stranger = await loopbackSocket();
    const socket = nodeUdpSocket({ gateway: '127.0.0.1:' + gateway.address().port, bind: { host: '127.0.0.1' } });
    try {
      const heard: string[] = [];
      socket.onMessage((text) => heard.push(text));
      const arrived = new Promise<{ text: string; port: number }>((resolve) =>
        gateway.once('message', (m: Buffer, remote) => resolve({ text: m.toString(), port: remote.port })),
      );
      await new Promise<void>((resolve, reject) => socket.send('["t","°",false,0]', (e) => (e ? reject(e) : resolve())));
      const first = await arrived;
      expect(first.text).toBe('["t","°",false,0]');
      const answered = new Promise<void>((resolve) => socket.onMessage((text) => (heard.push(text), resolve())));
      stranger.send('["evil","x",false]', first.port, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 30));
      gateway.send('["ACK","ACK"]', first.port, '127.0.0.1');
      await answered;
      expect(heard).toEqual(['["ACK","ACK"]']);
    } finally {
      socket.close();
      gateway.close();
      stranger.close();
    }
  });

  it('fails sends after close', async () => {
    const socket = nodeUdpSocket({ gateway: '127.0.0.1:9' });
    socket.close();
    const error = await new Promise((resolve) => socket.send('x', resolve));
    expect((error as Error).message).toBe('socket closed');
  });
});

describe('a node client and the gateway over real UDP on 127.0.0.1', () => {
  it('publishes with ACK, then receives the pub_all message queued for it', async () => {
    const client = new FakeClient();
    let run: Subscription | undefined;
    const link = await new Promise<UdpNodeLink>((resolve) => {
      run = udpNodeLink({ host: '127.0.0.1', port: 0 }).subscribe((l) => resolve(l));
    });
    const gatewayRun = createGateway({ client, link, config: { debug: false } }).events$.subscribe();
    const socket = nodeUdpSocket({ gateway: '127.0.0.1:' + link.address.port, bind: { host: '127.0.0.1' } });
    const node = createNodeClient({ socket, ackTimeout: 500, retries: 2 });
    try {
      await expect(node.publish('hello', 'first', { ack: true })).resolves.toBe('ack');
      client.deliver('allnodes', 'red');
      await expect(node.publish('light', '417', { qos: 1, ack: true })).resolves.toBe('ack');
      await expect(node.receive(100)).resolves.toEqual([{ topic: 'allnodes', message: 'red', retained: false }]);
      expect(client.publications.filter((p) => p.topic !== 'gw_status').map((p) => [p.topic, p.payload, p.qos])).toEqual([
        ['hello', 'first', 0],
        ['light', '417', 1],
      ]);
      client.setConnected(false);
      await expect(node.publish('light', '418', { ack: true })).resolves.toBe('out');
    } finally {
      socket.close();
      gatewayRun.unsubscribe();
      run!.unsubscribe();
    }
  });
});
