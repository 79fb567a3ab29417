import { concatMap, delay, map, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { VirtualBroker } from '../../adapters/virtual/virtual-broker';
import { createClient } from '../../lib/client/create-client';
import type { MqttClient, MqttMessage } from '../../lib/client/types';
import type { Packet } from '../../lib/codec/packet';
import { respond } from '../../operators/respond';
import { requester } from '../../operators/requester';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const text = (m: MqttMessage) => Buffer.from(m.payload).toString('utf8');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/**
 * A virtual broker speaking MQTT 5 (each packet reaches the client 1 ms after it was
 * sent) with two clients, connected at 1 ms: `asker` sends requests, `server` answers
 * `svc/add` (`"2+3"` → `"5"`) after `work` ms.
 */
function world(scheduler: TestScheduler, work = 0, brokerSetup?: (b: VirtualBroker) => void) {
  const broker = new VirtualBroker({ scheduler, delay: 1 });
  if (brokerSetup) brokerSetup(broker);
  const make = (clientId: string): MqttClient =>
    createClient({ transport: broker.transport, clientId, protocolVersion: 5, scheduler, keepalive: 0 });
  const asker = make('asker');
  const server = make('server');
  asker.connect().subscribe();
  server.connect().subscribe();
  const answering = server
    .topic('svc/add', { qos: 1 })
    .pipe(
      respond(server, (request) => {
        const sum = text(request).split('+').map(Number).reduce((a, b) => a + b, 0);
        return work === 0 ? String(sum) : of(String(sum)).pipe(delay(work * sum, scheduler));
      }),
    )
    .subscribe();
  /** What the broker received from `asker`: [time, type, topic or filters]. */
  const fromAsker = () =>
    broker.received
      .filter((r) => r.clientId === 'asker' && (r.packet.type === 'subscribe' || r.packet.type === 'unsubscribe' || r.packet.type === 'publish'))
      .map((r) => [r.time, r.packet.type, described(r.packet)]);
  const end = () => {
    answering.unsubscribe();
    asker.disconnect({ force: true }).subscribe();
    server.disconnect({ force: true }).subscribe();
  };
  return { broker, asker, server, fromAsker, end };
}

function described(packet: Packet): string {
  if (packet.type === 'subscribe') return packet.subscriptions.map((s) => s.topic).join(',');
  if (packet.type === 'unsubscribe') return packet.topics.join(',');
  if (packet.type === 'publish') return packet.topic;
  return '';
}

describe('requester (MQTT 5 request/response) against the virtual broker', () => {
  it('subscribes to the response topic, publishes once the SUBACK came, emits the response and unsubscribes', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable, flush }) => {
      const { asker, fromAsker, end } = world(ts);
      const request = requester(asker, { scheduler: ts, random: () => 0.5 });
      // CONNACK at 1; request at 5: SUBSCRIBE at 5, SUBACK at 6, PUBLISH at 6, at the server at 7, its reply at the asker at 8
      const response = cold('-----(x|)').pipe(concatMap(() => request('svc/add', '2+3')), map(text));
      expectObservable(response).toBe('--------(r|)', { r: '5' });
      ts.schedule(end, 20);
      flush();
      expect(fromAsker()).toEqual([
        [5, 'subscribe', 'rxmqtt/responses/zik0zkzik0zk'],
        [6, 'publish', 'svc/add'],
        [8, 'unsubscribe', 'rxmqtt/responses/zik0zkzik0zk'],
      ]);
    });
  });

  it('puts responseTopic and a fresh correlationData on each request; the responder echoes the correlationData', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { broker, asker, end } = world(ts);
      const request = requester(asker, { scheduler: ts, responseTopic: 'me/replies' });
      ts.schedule(() => {
        request('svc/add', '1+1', { properties: { contentType: 'text/plain' } }).subscribe();
        request('svc/add', '2+2').subscribe();
      }, 5);
      ts.schedule(end, 20);
      flush();
      const publications = broker.received.filter((r) => r.packet.type === 'publish').map((r) => [r.clientId, r.packet]);
      const [first, second] = publications.filter(([id]) => id === 'asker').map(([, p]) => (p as Extract<Packet, { type: 'publish' }>).properties!);
      expect(first.responseTopic).toBe('me/replies');
      expect(first.contentType).toBe('text/plain');
      expect(second.responseTopic).toBe('me/replies');
      expect(first.correlationData!.length).toBe(8);
      expect(Buffer.from(first.correlationData!).equals(Buffer.from(second.correlationData!))).toBe(false);
      const replies = publications.filter(([id]) => id === 'server').map(([, p]) => p as Extract<Packet, { type: 'publish' }>);
      expect(replies.map((r) => [r.topic, r.qos, Buffer.from(r.payload).toString()])).toEqual([['me/replies', 1, '2'], ['me/replies', 1, '4']]);
      expect(replies[0].properties!.correlationData).toEqual(first.correlationData);
      expect(replies[1].properties!.correlationData).toEqual(second.correlationData);
    });
  });

  it('shares one SUBSCRIBE among concurrent requests and routes each response by its correlationData (answers out of order)', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      // the server takes 2 ms per unit of the sum: 1+1 answers before 3+3, which answers before 5+5
      const { asker, fromAsker, end } = world(ts, 2);
      const request = requester(asker, { scheduler: ts, responseTopic: 'me/replies' });
      const later = (at: number, sum: string) => ts.createColdObservable('-'.repeat(at) + '(x|)').pipe(concatMap(() => request('svc/add', sum)), map(text));
      // first request at 5 (SUBACK 6, published 6), the others at 7 and 8 ride on the same subscription
      // 5+5 published at 8, at the server at 9, answered 20 ms later, at the asker at 30
      expectObservable(later(8, '5+5')).toBe('------------------------------(r|)', { r: '10' });
      expectObservable(later(5, '3+3')).toBe('--------------------(r|)', { r: '6' });
      expectObservable(later(7, '1+1')).toBe('-------------(r|)', { r: '2' });
      ts.schedule(end, 40);
      flush();
      expect(fromAsker()).toEqual([
        [5, 'subscribe', 'me/replies'],
        [6, 'publish', 'svc/add'],
        [7, 'publish', 'svc/add'],
        [8, 'publish', 'svc/add'],
        [30, 'unsubscribe', 'me/replies'],
      ]);
    });
  });

  it('errors with RESPONSE_TIMEOUT when no response came in time, and unsubscribes', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable, flush }) => {
      const { asker, fromAsker, end } = world(ts);
      const request = requester(asker, { scheduler: ts, responseTopic: 'me/replies', timeout: 1000 });
      const response = cold('-----(x|)').pipe(concatMap(() => request('nobody/home', 'hello')));
      expectObservable(response).toBe('----- 1000ms #', undefined, expect.objectContaining({
        name: 'MqttTimeoutError',
        code: 'RESPONSE_TIMEOUT',
        message: 'no response to the request on nobody/home within 1000 ms',
        timeoutMs: 1000,
      }));
      ts.schedule(end, 2000);
      flush();
      expect(fromAsker()).toEqual([
        [5, 'subscribe', 'me/replies'],
        [6, 'publish', 'nobody/home'],
        [1005, 'unsubscribe', 'me/replies'],
      ]);
    });
  });

  it('unsubscribes from the response topic when the last request is abandoned, and drops its late response', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable, flush }) => {
      const { asker, fromAsker, end } = world(ts, 10);
      const request = requester(asker, { scheduler: ts, responseTopic: 'me/replies' });
      const abandoned = cold('-----(x|)').pipe(concatMap(() => request('svc/add', '1+1')));
      expectObservable(abandoned, '^-------!').toBe('');
      // the answer comes at 30, to nobody: the asker unsubscribed at 8
      ts.schedule(end, 60);
      flush();
      expect(fromAsker()).toEqual([
        [5, 'subscribe', 'me/replies'],
        [6, 'publish', 'svc/add'],
        [8, 'unsubscribe', 'me/replies'],
      ]);
    });
  });

  it('takes the response topic from the CONNACK responseInformation when the server gave one', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable, flush }) => {
      const { asker, fromAsker, end } = world(ts, 0, (b) => (b.connackProperties = { responseInformation: 'replies/asker' }));
      const request = requester(asker, { scheduler: ts, random: () => 0.5 });
      expectObservable(cold('-----(x|)').pipe(concatMap(() => request('svc/add', '2+3')), map(text))).toBe('--------(r|)', { r: '5' });
      ts.schedule(end, 20);
      flush();
      expect(fromAsker()[0]).toEqual([5, 'subscribe', 'replies/asker/zik0zkzik0zk']);
    });
  });

  it('errors as the response subscription does (refused), and with the refusal of the request publication', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable, flush }) => {
      const { broker, asker, end } = world(ts, 0, (b) => b.refuseSubscription('me/replies'));
      const request = requester(asker, { scheduler: ts, responseTopic: 'me/replies' });
      expectObservable(cold('-----(x|)').pipe(concatMap(() => request('svc/add', '2+3')))).toBe('------#', undefined, expect.objectContaining({ code: 'SUBSCRIPTION_REFUSED' }));
      const other = requester(asker, { scheduler: ts, responseTopic: 'me/other' });
      ts.schedule(() => (broker.pubackReasonCode = 0x87), 9);
      expectObservable(cold('----------(x|)').pipe(concatMap(() => other('svc/add', '2+3')))).toBe('------------#', undefined, expect.objectContaining({ code: 'PUBLISH_REFUSED', message: 'the server refused the publication: Not authorized (reason code 0x87)' }));
      ts.schedule(end, 20);
      flush();
    });
  });

  it('checks its arguments at call time', () => {
    const { asker } = world(testScheduler());
    expect(() => requester({} as never)).toThrow(new TypeError('requester: client must have topic() and publish() methods'));
    expect(() => requester(asker, { responseTopic: 'replies/#' })).toThrow(RangeError);
    expect(() => requester(asker, { timeout: -1 })).toThrow(RangeError);
    const request = requester(asker);
    expect(() => request('a', 'b', { timeout: NaN })).toThrow(RangeError);
    expect(() => request('a', 'b', { properties: { correlationData: bytes('x') } })).toThrow(TypeError);
  });
});
