import { Subscription } from 'rxjs';
import { createGateway } from '../../lib/gateway/create-gateway';
import { createNodeClient } from '../../lib/gateway/node-client';
import { nodeUdpSocket } from '../../adapters/udp-node-socket';
import { UdpNodeLink, udpNodeLink } from '../../adapters/udp-node-link';
import { FakeClient } from '../lib/gateway/support/fake-client';
import { loopbackSocket } from '../lib/gateway/support/loopback-socket';

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
  it('an open node publishes with ACK, then receives the pub_all message queued for it', async () => {
    const client = new FakeClient();
    let run: Subscription | undefined;
    const link = await new Promise<UdpNodeLink>((resolve) => {
      run = udpNodeLink({ host: '127.0.0.1', port: 0 }).subscribe((l) => resolve(l));
    });
    const gatewayRun = createGateway({ client, link, config: { open: true } }).events$.subscribe();
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

describe('a keyed node and the gateway over real UDP on 127.0.0.1', () => {
  it('says hello, publishes with ACK in its reach, is refused outside it, and gets its messages signed', async () => {
    const key = '5a'.repeat(32);
    const client = new FakeClient();
    let run: Subscription | undefined;
    const link = await new Promise<UdpNodeLink>((resolve) => {
      run = udpNodeLink({ host: '127.0.0.1', port: 0 }).subscribe((l) => resolve(l));
    });
    const gatewayRun = createGateway({ client, link, config: { nodes: { shed: { key } } } }).events$.subscribe();
    const socket = nodeUdpSocket({ gateway: '127.0.0.1:' + link.address.port, bind: { host: '127.0.0.1' } });
    const node = createNodeClient({ socket, nodeId: 'shed', key, ackTimeout: 500, retries: 2 });
    try {
      await expect(node.publish('nodes/shed/temp', '21.5', { qos: 1, ack: true })).resolves.toBe('ack');
      await expect(node.subscribe('nodes/shed/cmd', 1)).resolves.toBe('sent');
      await expect(node.publish('nodes/other/temp', '-40', { ack: true })).resolves.toBe('refused');
      client.deliver('nodes/shed/cmd', 'open valve');
      await expect(node.publish('nodes/shed/temp', '21.6', { ack: true })).resolves.toBe('ack');
      await expect(node.receive(100)).resolves.toEqual([{ topic: 'nodes/shed/cmd', message: 'open valve', retained: false }]);
      expect(client.publications.filter((p) => p.topic.indexOf('gw_') !== 0).map((p) => [p.topic, p.payload])).toEqual([
        ['nodes/shed/temp', '21.5'],
        ['nodes/shed/temp', '21.6'],
      ]);
      expect(node.session()).toMatchObject({ sent: 4 });
    } finally {
      socket.close();
      gatewayRun.unsubscribe();
      run!.unsubscribe();
    }
  });
});
