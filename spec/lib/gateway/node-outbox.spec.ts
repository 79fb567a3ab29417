import type { GatewayEvent } from '../../../lib/gateway/gateway-event';
import { NodeOutbox, OutboxEntry } from '../../../lib/gateway/node-outbox';
import { FakeLink } from './support/fake-link';

const NODE = '127.0.0.1:40001';
const entry = (n: number): OutboxEntry => ({ topic: 't' + n, message: 'm' + n, retained: false });

describe('NodeOutbox', () => {
  let link: FakeLink;
  let events: GatewayEvent[];
  let outbox: NodeOutbox;

  beforeEach(() => {
    link = new FakeLink();
    events = [];
    outbox = new NodeOutbox(NODE, link, 3, (e) => events.push(e));
  });

  describe('in low-power mode', () => {
    it('queues every message until flush, then sends them in order', () => {
      outbox.deliver(entry(1), true);
      outbox.deliver(entry(2), true);
      expect(link.sent).toEqual([]);
      expect(outbox.length).toBe(2);
      outbox.flush();
      expect(link.sentTo(NODE)).toEqual([['t1', 'm1', false], ['t2', 'm2', false]]);
      expect(outbox.length).toBe(0);
      expect(events).toEqual([
        { type: 'queued', to: NODE, topic: 't1' },
        { type: 'queued', to: NODE, topic: 't2' },
        { type: 'sent', to: NODE, topic: 't1' },
        { type: 'sent', to: NODE, topic: 't2' },
      ]);
    });

    it('drops the oldest on overflow and counts it', () => {
      for (let n = 1; n <= 5; n++) outbox.deliver(entry(n), true);
      expect(outbox.drops).toBe(2);
      expect(events.filter((e) => e.type === 'dropped')).toEqual([
        { type: 'dropped', to: NODE, topic: 't1' },
        { type: 'dropped', to: NODE, topic: 't2' },
      ]);
      outbox.flush();
      expect(link.sentTo(NODE).map((m) => (m as string[])[0])).toEqual(['t3', 't4', 't5']);
    });

    it('stops a flush at the first failed send and keeps the rest for the next one', () => {
      outbox.deliver(entry(1), true);
      outbox.deliver(entry(2), true);
      link.unreachable[NODE] = true;
      outbox.flush();
      expect(outbox.length).toBe(2);
      expect(events[events.length - 1]).toEqual({
        type: 'error',
        code: 'SEND_FAILED',
        address: NODE,
        message: 'sending "t1" to 127.0.0.1:40001 failed: no answer from 127.0.0.1:40001',
      });
      link.unreachable[NODE] = false;
      outbox.flush();
      expect(link.sentTo(NODE).map((m) => (m as string[])[0])).toEqual(['t1', 't2']);
      expect(outbox.length).toBe(0);
    });

    it('flushes nothing when empty', () => {
      outbox.flush();
      expect(link.sent).toEqual([]);
      expect(events).toEqual([]);
    });
  });

  describe('with lpmode off', () => {
    it('sends at once', () => {
      outbox.deliver(entry(1), false);
      expect(link.sentTo(NODE)).toEqual([['t1', 'm1', false]]);
      expect(outbox.length).toBe(0);
    });

    it('queues a message whose send fails, and later ones behind it, to keep the order', () => {
      link.unreachable[NODE] = true;
      outbox.deliver(entry(1), false);
      link.unreachable[NODE] = false;
      outbox.deliver(entry(2), false);
      expect(link.sent).toEqual([]);
      expect(outbox.length).toBe(2);
      outbox.flush();
      expect(link.sentTo(NODE).map((m) => (m as string[])[0])).toEqual(['t1', 't2']);
    });
  });

  it('sends nothing after close', () => {
    outbox.deliver(entry(1), true);
    outbox.close();
    outbox.flush();
    outbox.deliver(entry(2), false);
    expect(link.sent).toEqual([]);
    expect(outbox.length).toBe(2);
  });
});
