import { asapScheduler, asyncScheduler, BehaviorSubject, Subscription } from 'rxjs';
import { VirtualBroker } from '../../../../adapters/virtual';
import type { PublishPacket } from '../../../../lib/codec/packet';
import { connectLink } from '../../../../lib/client/connection/connect-link';
import { OutboundWindow } from '../../../../lib/client/outbound/outbound-window';
import { publishAll } from '../../../../lib/client/outbound/publish-all';
import type { PublishAllHost } from '../../../../lib/client/outbound/publish-all-run';
import type { Link } from '../../../../lib/client/connection/link';
import type { ConnectionState, OutgoingMessage } from '../../../../lib/client/types';
import { messages, publishTimes, texts } from '../support/publish-harness';
import { inFlight, testScheduler } from '../support/harness';

/**
 * publishAll over a hand-made host: a real session on a virtual broker, a real outbound
 * window, and a state$ the spec drives, so the window's content and a change of
 * session (as a reconnect makes it) can be watched directly.
 */
function host(delay: number): {
  broker: VirtualBroker;
  window: OutboundWindow;
  state: BehaviorSubject<ConnectionState>;
  host: PublishAllHost;
  connect(): Subscription;
  current(): Link | null;
} {
  const broker = new VirtualBroker({ delay });
  const window = new OutboundWindow(asyncScheduler, 10000);
  const state = new BehaviorSubject<ConnectionState>({ status: 'connecting', attempt: 1 });
  let session: Link | null = null;
  const connect = (): Subscription =>
    connectLink(broker.transport, {
      connect: { type: 'connect', clientId: 'run', keepalive: 0, clean: false },
      responseTimeout: 10000,
      maxPacketSize: 1 << 20,
      scheduler: asyncScheduler,
      flushScheduler: asapScheduler,
      handler: { packet: (p) => void (p.type === 'puback' && window.acknowledge(p)) },
    }).subscribe({
      next: (s) => {
        session = s;
        state.next({ status: 'connected', sessionPresent: s.sessionPresent, attempt: 1 });
      },
      error: (error: Error) => {
        session = null;
        state.next({ status: 'reconnecting', attempt: 2, nextDelay: 5, lastError: error });
      },
    });
  return {
    broker,
    window,
    state,
    connect,
    current: () => session,
    host: { window, link: () => session, closed: () => null, state$: state, scheduler: asyncScheduler },
  };
}

describe('publishAll: cancellation', () => {
  it('unsubscribing stops intake and frees the packet ids in flight; late PUBACKs are ignored', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions, flush }) => {
      const h = host(5);
      h.connect();
      const m: OutgoingMessage = { topic: 't', payload: 'p', qos: 1 };
      const source = hot<OutgoingMessage>('-a-a------a-a-a-a-a', { a: m });
      const windowSizes: number[] = [];
      cold('7ms x 5ms y 10ms z').subscribe(() => windowSizes.push(inFlight(h.window).length));
      // the two pushed before the CONNACK leave at 5 and are acknowledged at 10; unsubscribed at 12 with those of 10 and 12 in flight
      expectObservable(texts(publishAll(source, { maxInFlight: 4 }, h.host)), '^-----------!').toBe('----------(pp)', { p: 'p' });
      expectSubscriptions(source.subscriptions).toBe('^-----------!');
      flush();
      // at 7: sent at 5 (two); at 13: none left; at 24: still none, the PUBACKs of 15 changed nothing
      expect(windowSizes).toEqual([2, 0, 0]);
    });
  });
});

describe('publishAll: across a change of session', () => {
  it('waits while no session is up, then goes on; window entries re-sent by the client come back in order', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const h = host(5);
      const first = h.connect();
      // the link breaks at 12 with m2, m3 in flight (sent at 10); a new session is up at 25
      cold('12ms x').subscribe(() => h.broker.cut());
      cold('20ms x').subscribe(() => {
        first.unsubscribe();
        h.connect();
      });
      // what the reconnecting client does (issue 4): re-send the window's entries with DUP on the new session
      h.state.subscribe((s) => {
        if (s.status !== 'connected' || h.current() === null || inFlight(h.window).length === 0) return;
        h.window.forEach((entry) => {
          const p = entry.packet as PublishPacket;
          h.current()!.sendPublish(p.topic, p.payload, 1, p.retain, true, entry.packetId);
          h.window.restart(entry);
        });
      });
      const results = texts(publishAll(messages(6, 1), { maxInFlight: 2 }, h.host));
      expectObservable(results).toBe('10ms (ab) 16ms (cd) 1ms (ef|)', { a: 'm0', b: 'm1', c: 'm2', d: 'm3', e: 'm4', f: 'm5' });
      flush();
      expect(publishTimes(h.broker)).toEqual([5, 5, 10, 10, 25, 25, 30, 30]);
      const dups = h.broker.packets('publish').map((p) => p.dup);
      expect(dups).toEqual([false, false, false, false, true, true, false, false]);
    });
  });

  it('QoS 0 packets lost with their connection are reported as failed', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const h = host(5);
      h.connect();
      // the link breaks at 5, after the CONNACK and before the turn's write
      cold('5ms x').subscribe(() => h.broker.cut());
      const source: OutgoingMessage[] = [{ topic: 't', payload: 'a' }, { topic: 't', payload: 'b' }];
      expectObservable(texts(publishAll(source, {}, h.host))).toBe('5ms (ab|)', { a: 'a:CONNECTION_LOST', b: 'b:CONNECTION_LOST' });
    });
  });
});
