import { EMPTY, Observable, Subscription, VirtualTimeScheduler, asyncScheduler, filter } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { PublishResult } from '../../../lib/client/types';
import type { NodeDatagram, NodeLink } from '../../../lib/gateway/node-link';
import { createGateway, Gateway } from '../../../lib/gateway/create-gateway';
import type { GatewayConfig } from '../../../lib/gateway/gateway-config';
import type { GatewayEvent } from '../../../lib/gateway/gateway-event';
import { FakeClient, FakePublication } from './support/fake-client';
import { FakeLink } from './support/fake-link';
import { thrown } from './support/thrown';

const A = '127.0.0.1:40001';
const B = '127.0.0.1:40002';
const C = '127.0.0.1:40003';

describe('createGateway', () => {
  let client: FakeClient;
  let link: FakeLink;
  let gateway: Gateway;
  let events: GatewayEvent[];
  let run: Subscription;

  /** Publications of node messages (the gateway's own reports left out). */
  function forwarded(): FakePublication[] {
    return client.publications.filter((p) => p.topic.indexOf('gw_') !== 0);
  }

  function start(config: Partial<GatewayConfig> = {}, epoch?: number): void {
    gateway = createGateway({ client, link, config: Object.assign({ open: true }, config), scheduler: new VirtualTimeScheduler(), epoch });
    run = gateway.events$.subscribe((e) => events.push(e));
  }

  beforeEach(() => {
    client = new FakeClient();
    link = new FakeLink();
    events = [];
  });
  afterEach(() => run && run.unsubscribe());

  describe('node publications', () => {
    it('forwards [topic, message, retain, qos] to the broker', () => {
      start();
      link.receive(A, ['light', '417', true, 1]);
      expect(forwarded().map((p) => [p.topic, p.payload, p.qos, p.retain])).toEqual([['light', '417', 1, true]]);
      expect(events).toContainEqual({ type: 'forwarded', from: A, topic: 'light', qos: 1 });
      expect(link.sentTo(A)).toEqual([]);
      expect(gateway.status().forwarded).toBe(1);
    });

    it('answers qos | 4 with ["ACK","ACK"] only once the broker has it', () => {
      start();
      client.autoSettle = false;
      link.receive(A, ['light', '417', false, 5]);
      expect(forwarded()[0].qos).toBe(1);
      expect(link.sentTo(A)).toEqual([]);
      forwarded()[0].settle(true);
      expect(link.sentTo(A)).toEqual([['ACK', 'ACK']]);
    });

    it('answers ["OUT","OUT"] and reports PUBLISH_FAILED when the broker does not take it', () => {
      start();
      client.autoSettle = false;
      link.receive(A, ['light', '417', false, 5]);
      forwarded()[0].settle(false);
      expect(link.sentTo(A)).toEqual([['OUT', 'OUT']]);
      expect(client.reports('gw_errors')).toEqual([
        { time: '1970-01-01T00:00:00.000Z', code: 'PUBLISH_FAILED', address: A, message: 'publication to "light" failed: PUBACK timeout' },
      ]);
    });

    it('answers ["OUT","OUT"] during an outage and forwards nothing, then forwards again after it', () => {
      start();
      client.setConnected(false);
      link.receive(A, ['light', '1', false, 5]);
      link.receive(A, ['light', '2', false, 0]);
      expect(link.sentTo(A)).toEqual([['OUT', 'OUT'], ['OUT', 'OUT']]);
      expect(client.publications.filter((p) => p.topic === 'light')).toEqual([]);
      expect(gateway.status()).toMatchObject({ connected: false, outs: 2, outages: 1, forwarded: 0 });
      client.setConnected(true);
      link.receive(A, ['light', '3', false, 5]);
      expect(client.publications.filter((p) => p.topic === 'light').map((p) => p.payload)).toEqual(['3']);
      expect(link.sentTo(A)).toEqual([['OUT', 'OUT'], ['OUT', 'OUT'], ['ACK', 'ACK']]);
      expect(events.filter((e) => e.type === 'connected' || e.type === 'disconnected')).toEqual([
        { type: 'connected' },
        { type: 'disconnected' },
        { type: 'connected' },
      ]);
    });

    it('reports a publication the client refuses at call time and answers OUT, without crashing', () => {
      start();
      client.publish = () => {
        throw new RangeError('payload too large');
      };
      link.receive(A, ['light', '417', false, 5]);
      link.receive(A, ['light', '418', false, 5]);
      expect(link.sentTo(A)).toEqual([['OUT', 'OUT'], ['OUT', 'OUT']]);
      expect(events.filter((e) => e.type === 'error')).toEqual([
        { type: 'error', code: 'PUBLISH_FAILED', address: A, message: 'publication to "light" failed: payload too large' },
        { type: 'error', code: 'PUBLISH_FAILED', address: A, message: 'publication to "light" failed: payload too large' },
      ]);
      expect(gateway.status()).toMatchObject({ outs: 2, errors: 2, reportsDropped: 2 });
    });

    it('answers OUT past max_pending publications in flight', () => {
      start({ max_pending: 2 });
      client.autoSettle = false;
      for (let i = 0; i < 3; i++) link.receive(A, ['t', String(i), false, 1]);
      expect(client.publications.filter((p) => p.topic === 't').length).toBe(2);
      expect(link.sentTo(A)).toEqual([['OUT', 'OUT']]);
      expect(events).toContainEqual({ type: 'error', code: 'PENDING_LIMIT', address: A, message: 'publication to "t" refused: 2 in flight' });
    });
  });

  describe('malformed datagrams', () => {
    it('counts them, reports them on the errors topic, and never forwards them or learns the node', () => {
      start({ max_datagram: 64 });
      link.receive(A, 'ping');
      link.receive(A, ['light']);
      link.receive(A, ['light', 417, false, 0]);
      link.receive(A, ['a/+', 'm', false, 0]);
      link.receive(A, new Uint8Array(65));
      expect(gateway.status()).toMatchObject({ malformed: 5, errors: 5, nodes: 0, forwarded: 0 });
      expect(client.reports('gw_errors').map((r) => [r.code, r.reason, r.address])).toEqual([
        ['MALFORMED_DATAGRAM', 'NOT_JSON', A],
        ['MALFORMED_DATAGRAM', 'WRONG_ARITY', A],
        ['MALFORMED_DATAGRAM', 'WRONG_TYPE', A],
        ['MALFORMED_DATAGRAM', 'BAD_TOPIC', A],
        ['MALFORMED_DATAGRAM', 'OVERSIZED', A],
      ]);
      expect(forwarded()).toEqual([]);
      expect(link.sent).toEqual([]);
    });
  });

  describe('messages to nodes', () => {
    it('sends pub_all messages to every node heard from, after its next publication (lpmode)', () => {
      start();
      expect(client.subscribes).toContainEqual({ filter: 'allnodes', qos: 1 });
      link.receive(A, ['hello', 'a', false, 0]);
      link.receive(B, ['hello', 'b', false, 0]);
      client.deliver('allnodes', 'red', true);
      expect(link.sent).toEqual([]);
      expect(gateway.status().queued).toBe(2);
      link.receive(A, ['dummy', 'dummy', false, 0]);
      expect(link.sentTo(A)).toEqual([['allnodes', 'red', true]]);
      expect(link.sentTo(B)).toEqual([]);
      expect(link.sentTo(C)).toEqual([]);
    });

    it('sends after the ACK has been asked for, and before it comes', () => {
      start();
      client.autoSettle = false;
      link.receive(A, ['hello', 'a', false, 0]);
      forwarded()[0].settle(true);
      client.deliver('allnodes', 'red');
      link.receive(A, ['hello', 'a', false, 5]);
      forwarded()[1].settle(true);
      expect(link.sentTo(A)).toEqual([['allnodes', 'red', false], ['ACK', 'ACK']]);
    });

    it('sends at once with lpmode off, queueing only when the send fails', () => {
      start({ lpmode: false });
      link.receive(A, ['hello', 'a', false, 0]);
      link.receive(B, ['hello', 'b', false, 0]);
      link.unreachable[B] = true;
      client.deliver('allnodes', 'green');
      expect(link.sentTo(A)).toEqual([['allnodes', 'green', false]]);
      expect(gateway.status().queued).toBe(1);
      link.unreachable[B] = false;
      link.receive(B, ['hello', 'b', false, 0]);
      expect(link.sentTo(B)).toEqual([['allnodes', 'green', false]]);
      expect(gateway.status().queued).toBe(0);
    });

    it('drops the oldest message of a full node queue and counts it', () => {
      start({ qlen: 2 });
      link.receive(A, ['hello', 'a', false, 0]);
      for (let i = 1; i <= 5; i++) client.deliver('allnodes', 'm' + i);
      expect(gateway.status()).toMatchObject({ queued: 2, queueDrops: 3 });
      expect(events.filter((e) => e.type === 'dropped').length).toBe(3);
      link.receive(A, ['hello', 'a', false, 0]);
      expect(link.sentTo(A)).toEqual([['allnodes', 'm4', false], ['allnodes', 'm5', false]]);
    });

    it('routes a subscribed topic to its subscribers only, with one broker subscription for all of them', () => {
      start();
      link.receive(A, ['foo_topic', 1]);
      link.receive(B, ['foo_topic', 1]);
      link.receive(B, ['foo_topic', 1]);
      link.receive(C, ['hello', 'c', false, 0]);
      expect(client.subscribes.filter((s) => s.filter === 'foo_topic')).toEqual([{ filter: 'foo_topic', qos: 1 }]);
      client.deliver('foo_topic', 'blue');
      for (const node of [A, B, C]) link.receive(node, ['dummy', 'dummy', false, 0]);
      expect(link.sentTo(A)).toEqual([['foo_topic', 'blue', false]]);
      expect(link.sentTo(B)).toEqual([['foo_topic', 'blue', false]]);
      expect(link.sentTo(C)).toEqual([]);
      expect(gateway.status().subscriptions).toBe(1);
      expect(events.filter((e) => e.type === 'subscribed')).toEqual([
        { type: 'subscribed', from: A, topic: 'foo_topic', qos: 1 },
        { type: 'subscribed', from: B, topic: 'foo_topic', qos: 1 },
      ]);
    });

    it('does not flush a queue on a subscription: only a publication wakes the node', () => {
      start();
      link.receive(A, ['hello', 'a', false, 0]);
      client.deliver('allnodes', 'red');
      link.receive(A, ['foo_topic', 1]);
      expect(link.sent).toEqual([]);
    });

    it('ignores a subscription to pub_all (every node has it)', () => {
      start();
      link.receive(A, ['allnodes', 1]);
      expect(gateway.status().subscriptions).toBe(0);
      expect(client.subscribes.filter((s) => s.filter === 'allnodes').length).toBe(1);
    });

    it('reports messages it cannot put in a datagram as UNDELIVERABLE', () => {
      start({ max_datagram: 64 });
      link.receive(A, ['hello', 'a', false, 0]);
      client.deliver('allnodes', 'x'.repeat(60));
      client.deliver('allnodes', Uint8Array.from([0xff]));
      expect(gateway.status().queued).toBe(0);
      expect(client.reports('gw_errors').map((r) => [r.code, r.message])).toEqual([
        ['UNDELIVERABLE', 'message on "allnodes" needs 81 bytes, over the datagram limit of 64'],
        ['UNDELIVERABLE', 'message on "allnodes" is not UTF-8 text'],
      ]);
    });
  });

  describe('when the connection is lost', () => {
    it('renews pub_all, statreq and node subscriptions once connected again', () => {
      start();
      link.receive(A, ['hello', 'a', false, 0]);
      link.receive(A, ['foo', 1]);
      client.loseConnection();
      expect(events.filter((e) => e.type === 'error').map((e) => (e as { message: string }).message).sort()).toEqual([
        'subscription to "allnodes" failed: the broker closed the connection (renewed on reconnection)',
        'subscription to "foo" failed: the broker closed the connection (renewed on reconnection)',
        'subscription to "gw_query" failed: the broker closed the connection (renewed on reconnection)',
      ]);
      client.setConnected(true);
      expect(client.subscribes.map((s) => s.filter)).toEqual(['allnodes', 'gw_query', 'foo', 'allnodes', 'gw_query', 'foo']);
      client.deliver('foo', 'blue');
      client.deliver('allnodes', 'red');
      link.receive(A, ['dummy', 'dummy', false, 0]);
      expect(link.sentTo(A)).toEqual([['foo', 'blue', false], ['allnodes', 'red', false]]);
      expect(gateway.status().subscriptions).toBe(1);
    });
  });

  describe('limits', () => {
    it('ignores and reports nodes past max_nodes', () => {
      start({ max_nodes: 1 });
      link.receive(A, ['hello', 'a', false, 0]);
      link.receive(B, ['hello', 'b', false, 0]);
      expect(gateway.status().nodes).toBe(1);
      expect(client.publications.filter((p) => p.topic === 'hello').length).toBe(1);
      expect(events).toContainEqual({ type: 'error', code: 'NODE_LIMIT', address: B, reason: 'max_nodes', message: 'datagram from 127.0.0.1:40002 ignored: 1 nodes active' });
      expect(gateway.status().refused).toEqual({ NODE_LIMIT: 1 });
    });

    it('ignores and reports subscriptions past max_subscriptions', () => {
      start({ max_subscriptions: 1 });
      link.receive(A, ['one', 0]);
      link.receive(A, ['two', 0]);
      expect(gateway.status().subscriptions).toBe(1);
      expect(events).toContainEqual({
        type: 'error',
        code: 'SUBSCRIPTION_LIMIT',
        address: A,
        message: 'subscription to "two" ignored: 1 filters held',
      });
    });

    it('reports a subscription the broker refuses', () => {
      start();
      client.refuse.secret = true;
      link.receive(A, ['secret', 1]);
      expect(client.reports('gw_errors').map((r) => [r.code, r.message])).toEqual([
        ['SUBSCRIBE_FAILED', 'subscription to "secret" failed: the broker refused the subscription to "secret"'],
      ]);
    });
  });

  describe('status', () => {
    it('publishes a status report when connected and in answer to gw_query', () => {
      start({}, 5);
      link.receive(A, 'junk');
      link.receive(A, ['hello', 'a', false, 0]);
      client.deliver('gw_query', 'hello');
      expect(client.reports('gw_status')).toEqual([
        {
          time: '1970-01-01T00:00:00.000Z', event: 'connected', connected: true, nodes: 0, subscriptions: 0, forwarded: 0,
          outs: 0, outages: 0, queued: 0, queueDrops: 0, malformed: 0, errors: 0, reportsDropped: 0,
          refused: {}, expired: 0, reportsSuppressed: 0, epoch: 5,
        },
        {
          time: '1970-01-01T00:00:00.000Z', event: 'query', connected: true, nodes: 1, subscriptions: 0, forwarded: 1,
          outs: 0, outages: 0, queued: 0, queueDrops: 0, malformed: 1, errors: 1, reportsDropped: 0,
          refused: {}, expired: 0, reportsSuppressed: 0, epoch: 5,
        },
      ]);
      expect(client.publications.find((p) => p.topic === 'gw_status')).toMatchObject({ qos: 0, retain: false });
    });

    it('publishes extra reports with debug on', () => {
      start({ debug: true });
      link.receive(A, ['foo', 0]);
      expect(client.reports('gw_status').map((r) => r.event)).toEqual(['connected', 'node', 'subscribe']);
    });

    it('does not answer its own reports when statreq matches them', () => {
      start({ statreq: { topic: 'gw/#', qos: 0 }, status: { topic: 'gw/status', retain: false, qos: 0 }, errors: { topic: 'gw/errors', retain: false, qos: 0 } });
      client.deliver('gw/status', '{}');
      client.deliver('gw/errors', '{}');
      client.deliver('gw/query', '');
      expect(client.reports('gw/status').map((r) => r.event)).toEqual(['connected', 'query']);
    });

    it('publishes nothing to topics turned off', () => {
      start({ status: null, errors: null, statreq: null });
      link.receive(A, 'junk');
      expect(client.publications).toEqual([]);
      expect(client.subscribes.map((s) => s.filter)).toEqual(['allnodes']);
    });
  });

  describe('its run', () => {
    it('starts with the first subscriber and ends with the last, unsubscribing from the broker', () => {
      gateway = createGateway({ client, link, config: { open: true } });
      expect(client.subscribes).toEqual([]);
      const first = gateway.events$.subscribe();
      const second = gateway.events$.subscribe();
      expect(client.subscribes.map((s) => s.filter)).toEqual(['allnodes', 'gw_query']);
      first.unsubscribe();
      expect(client.unsubscribes).toEqual([]);
      second.unsubscribe();
      expect(client.unsubscribes).toEqual(['allnodes', 'gw_query']);
      link.receive(A, ['hello', 'a', false, 0]);
      expect(client.publications.filter((p) => p.topic === 'hello')).toEqual([]);
    });

    it('unsubscribes node subscriptions too', () => {
      start();
      link.receive(A, ['foo', 0]);
      run.unsubscribe();
      expect(client.unsubscribes.sort()).toEqual(['allnodes', 'foo', 'gw_query']);
    });

    it('starts a fresh run with fresh counters', () => {
      start();
      link.receive(A, 'junk');
      run.unsubscribe();
      expect(gateway.status().malformed).toBe(1);
      run = gateway.events$.subscribe();
      expect(gateway.status().malformed).toBe(0);
    });

    it('throws a TypeError at call time for a bad config or missing parts', () => {
      const error = thrown(() => createGateway({ client, link, config: { qlen: 'many' as unknown as number } }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe('gateway config "qlen": expected an integer, got "many"');
      const missing = thrown(() => createGateway({ client, link: undefined as unknown as FakeLink }));
      expect(missing).toBeInstanceOf(TypeError);
      expect(missing.message).toBe('createGateway: client and link are required');
    });
  });

  describe('in virtual time', () => {
    const datagram = (from: string, value: unknown): NodeDatagram => ({ from, data: new TextEncoder().encode(JSON.stringify(value)) });

    it('sends the ACK when the broker acknowledges, not when the datagram arrives', () => {
      new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ hot, cold, expectObservable, flush }) => {
        const fake = new FakeClient();
        const ok = (topic: string, payload: string | Uint8Array): PublishResult => ({ message: { topic, payload }, ok: true });
        fake.publish = (topic, payload): Observable<PublishResult> => cold('---(r|)', { r: ok(topic, payload) });
        const sends: Array<[number, string]> = [];
        const virtualLink: NodeLink = {
          datagrams$: hot('-a-------b', { a: datagram(A, ['light', '417', false, 5]), b: datagram(A, ['junk']) }),
          send: (_to, data) => {
            sends.push([asyncScheduler.now(), new TextDecoder().decode(data)]);
            return EMPTY;
          },
        };
        const events$ = createGateway({ client: fake, link: virtualLink, config: { open: true } }).events$;
        const notable = events$.pipe(filter((e) => e.type !== 'queued' && e.type !== 'sent'));
        expectObservable(notable, '^---------!').toBe('cn--f----e', {
          c: { type: 'connected' },
          n: { type: 'node', address: A },
          f: { type: 'forwarded', from: A, topic: 'light', qos: 1 },
          e: {
            type: 'error',
            code: 'MALFORMED_DATAGRAM',
            reason: 'WRONG_ARITY',
            address: A,
            message: 'expected a 4-list [topic, message, retain, qos] or a 2-list [topic, qos], got 1 elements',
          },
        });
        flush();
        expect(sends).toEqual([[4, '["ACK","ACK"]']]);
      });
    });
  });
});
