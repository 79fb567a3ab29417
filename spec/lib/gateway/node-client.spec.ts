import { NodeSocket, createNodeClient, NodeClient, NodeClientOptions, PublishStatus } from '../../../lib/gateway/node-client';
import { ManualTimers, settle } from './support/manual-timers';
import { thrown } from './support/thrown';

/** A socket the spec drives: records sends (with the virtual time), delivers gateway datagrams. */
class FakeSocket implements NodeSocket {
  sent: Array<[number, string]> = [];
  failing = false;
  private handler: (text: string) => void = () => undefined;
  constructor(private readonly timers: ManualTimers) {}
  send(text: string, done: (error?: unknown) => void): void {
    if (this.failing) {
      done(new Error('no route'));
      return;
    }
    this.sent.push([this.timers.now, text]);
    done();
  }
  onMessage(handler: (text: string) => void): void {
    this.handler = handler;
  }
  fromGateway(value: unknown): void {
    this.handler(typeof value === 'string' ? value : JSON.stringify(value));
  }
}

describe('createNodeClient', () => {
  let timers: ManualTimers;
  let socket: FakeSocket;
  let node: NodeClient;

  function make(options: Partial<NodeClientOptions> = {}): void {
    node = createNodeClient(Object.assign({ socket, timers, ackTimeout: 100, retries: 2 }, options));
  }

  beforeEach(() => {
    timers = new ManualTimers();
    socket = new FakeSocket(timers);
  });

  describe('publish', () => {
    it('sends the seed 4-list and resolves "sent" without asking for an ACK', async () => {
      make();
      await expect(node.publish('light', '417')).resolves.toBe('sent');
      await expect(node.publish('shed', '21', { retain: true, qos: 1 })).resolves.toBe('sent');
      expect(socket.sent.map((s) => s[1])).toEqual(['["light","417",false,0]', '["shed","21",true,1]']);
    });

    it('sets bit 2 of qos to ask for an ACK and resolves "ack" when it comes', async () => {
      make();
      const result = node.publish('light', '417', { qos: 1, ack: true });
      await settle();
      expect(socket.sent).toEqual([[0, '["light","417",false,5]']]);
      await timers.advance(50);
      socket.fromGateway(['ACK', 'ACK']);
      await expect(result).resolves.toBe('ack');
      expect(timers.count).toBe(0);
    });

    it('resends after each ackTimeout of silence, then resolves "no-ack" after the retries', async () => {
      make();
      const result = node.publish('light', '417', { ack: true });
      await timers.advance(1000);
      await expect(result).resolves.toBe('no-ack');
      expect(socket.sent).toEqual([
        [0, '["light","417",false,4]'],
        [100, '["light","417",false,4]'],
        [200, '["light","417",false,4]'],
      ]);
    });

    it('stops resending when an ACK answers a resend', async () => {
      make();
      const result = node.publish('light', '417', { ack: true });
      await timers.advance(150);
      socket.fromGateway(['ACK', 'ACK']);
      await expect(result).resolves.toBe('ack');
      await timers.advance(1000);
      expect(socket.sent.length).toBe(2);
    });

    it('resolves "out" on ["OUT","OUT"] without resending, and counts it', async () => {
      make();
      const result = node.publish('light', '417', { ack: true });
      await settle();
      socket.fromGateway('["OUT", "OUT"]');
      await expect(result).resolves.toBe('out');
      await timers.advance(1000);
      expect(socket.sent.length).toBe(1);
      expect(node.outages).toBe(1);
    });

    it('treats a failed send as silence when an ACK is asked for, and "failed" otherwise', async () => {
      make();
      socket.failing = true;
      await expect(node.publish('light', '1')).resolves.toBe('failed');
      const result = node.publish('light', '2', { ack: true });
      await timers.advance(100);
      socket.failing = false;
      await timers.advance(100);
      socket.fromGateway(['ACK', 'ACK']);
      await expect(result).resolves.toBe('ack');
      expect(socket.sent).toEqual([[200, '["light","2",false,4]']]);
    });

    it('sends publications one at a time, in order', async () => {
      make();
      const results: PublishStatus[] = [];
      const first = node.publish('a', '1', { ack: true }).then((r) => results.push(r));
      const second = node.publish('b', '2').then((r) => results.push(r));
      await settle();
      expect(socket.sent.map((s) => s[1])).toEqual(['["a","1",false,4]']);
      socket.fromGateway(['ACK', 'ACK']);
      await Promise.all([first, second]);
      expect(results).toEqual(['ack', 'sent']);
      expect(socket.sent.map((s) => s[1])).toEqual(['["a","1",false,4]', '["b","2",false,0]']);
    });

    it('throws a TypeError for a non-string message', () => {
      make();
      const error = thrown(() => node.publish('light', 417 as unknown as string));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe('publish: topic and message must be strings');
    });
  });

  describe('subscribe', () => {
    it('sends the 2-list [topic, qos]', async () => {
      make();
      await expect(node.subscribe('foo_topic', 1)).resolves.toBe('sent');
      expect(socket.sent.map((s) => s[1])).toEqual(['["foo_topic",1]']);
    });

    it('throws a RangeError for qos 2', () => {
      make();
      const error = thrown(() => node.subscribe('foo_topic', 2 as 1));
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toBe('subscribe: qos must be 0 or 1, got 2');
    });
  });

  describe('receive', () => {
    it('resolves with the pending messages once none has come for quietMs', async () => {
      make();
      const result = node.receive(200);
      await timers.advance(150);
      socket.fromGateway(['allnodes', 'red', false]);
      await timers.advance(150);
      socket.fromGateway(['foo_topic', 'blue', true]);
      await timers.advance(199);
      let done = false;
      result.then(() => (done = true));
      await settle();
      expect(done).toBe(false);
      await timers.advance(1);
      await expect(result).resolves.toEqual([
        { topic: 'allnodes', message: 'red', retained: false },
        { topic: 'foo_topic', message: 'blue', retained: true },
      ]);
      const again = node.receive(10);
      await timers.advance(10);
      await expect(again).resolves.toEqual([]);
    });

    it('holds inboxLimit messages, dropping the oldest and counting them', async () => {
      make({ inboxLimit: 2 });
      for (let i = 1; i <= 4; i++) socket.fromGateway(['t', 'm' + i, false]);
      const result = node.receive(0);
      await timers.advance(0);
      await expect(result.then((m) => m.map((x) => x.message))).resolves.toEqual(['m3', 'm4']);
      expect(node.drops).toBe(2);
    });

    it('hands messages to onMessage instead, when given', async () => {
      const seen: string[] = [];
      make({ onMessage: (m) => seen.push(m.message) });
      socket.fromGateway(['t', 'm1', false]);
      const result = node.receive(10);
      await timers.advance(10);
      await expect(result).resolves.toEqual([]);
      expect(seen).toEqual(['m1']);
    });

    it('ignores datagrams that are not gateway messages', async () => {
      make();
      socket.fromGateway('nonsense');
      socket.fromGateway({ topic: 't' });
      socket.fromGateway(['t', 5, false]);
      socket.fromGateway(['t', 'm']);
      socket.fromGateway(['ACK', 'OUT']);
      const result = node.receive(0);
      await timers.advance(0);
      await expect(result).resolves.toEqual([]);
    });
  });

  it.each([
    [{ ackTimeout: 0 }, 'createNodeClient: ackTimeout must be > 0, got 0'],
    [{ retries: -1 }, 'createNodeClient: retries must be an integer >= 0, got -1'],
    [{ inboxLimit: 0 }, 'createNodeClient: inboxLimit must be an integer >= 1, got 0'],
  ])('refuses %j with a RangeError', (options, message) => {
    const error = thrown(() => createNodeClient(Object.assign({ socket, timers }, options)));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(message);
  });
});
