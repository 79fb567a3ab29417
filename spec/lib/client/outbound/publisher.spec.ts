import { catchError, firstValueFrom, map, mergeMap, Observable, of, timer } from 'rxjs';
import type { PublishPacket } from '../../../../lib/codec/packet';
import type { ClientOptions, MqttClient, PublishResult } from '../../../../lib/client/types';
import { connectAt, disconnectAt, LETTERS, receivedLetters, shaped, errorShape, testScheduler, virtualClient } from '../support/harness';
import { at, lettered, publishAt, receivedPublishes, stateLabels } from '../support/resilience';
import { expectThrows } from '../../../operators/support/expect-throws';

const ok = (topic: string, payload: string, qos: 0 | 1): PublishResult => ({ message: { topic, payload, qos, retain: false }, ok: true });

describe('client.publish()', () => {
  it('QoS 0 completes once written, in the same turn; QoS 1 on its PUBACK', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({}, { delay: 5 });
      expectObservable(receivedLetters(broker)).toBe('C-----(PP)---D', LETTERS);
      connectAt(client, 0);
      expectObservable(client.publish('t', 'a'), '------^').toBe('------(r|)', { r: ok('t', 'a', 0) });
      expectObservable(client.publish('t', 'b', { qos: 1 }), '------^').toBe('-----------(r|)', { r: ok('t', 'b', 1) });
      disconnectAt(client, 13);
    });
  });

  it('settles interleaved QoS 1 publications by packet id, in the order the PUBACKs come', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.answers.puback = false;
      connectAt(client, 0);
      // three publications at 1, 2, 3 (ids 1, 2, 3); PUBACKs arrive for 2, 3, 1
      cold('------a--b-c').subscribe((v) => broker.send({ type: 'puback', packetId: ({ a: 2, b: 3, c: 1 } as { [k: string]: number })[v] }));
      expectObservable(client.publish('t', '1', { qos: 1 }), '-^').toBe('-----------(r|)', { r: ok('t', '1', 1) });
      expectObservable(client.publish('t', '2', { qos: 1 }), '--^').toBe('------(r|)', { r: ok('t', '2', 1) });
      expectObservable(client.publish('t', '3', { qos: 1 }), '---^').toBe('---------(r|)', { r: ok('t', '3', 1) });
      disconnectAt(client, 20);
    });
  });

  it('uses distinct packet ids for the QoS 1 messages in flight', async () => {
    const { broker, client } = virtualClient();
    broker.answers.puback = false;
    await firstValueFrom(client.connect());
    for (let i = 0; i < 5; i++) client.publish('t', String(i), { qos: 1 }).subscribe({ error: () => undefined });
    await Promise.resolve();
    const ids = broker.packets('publish').map((p: PublishPacket) => p.packetId);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    await firstValueFrom(client.disconnect());
  });

  it('without reconnect, errors with PUBACK_TIMEOUT when no PUBACK comes within the response timeout', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ responseTimeout: 40, reconnect: false });
      broker.answers.puback = false;
      connectAt(client, 0);
      expectObservable(shaped(client.publish('t', 'x', { qos: 1 })), '--^').toBe('-- 40ms #', undefined, {
        name: 'MqttTimeoutError',
        code: 'PUBACK_TIMEOUT',
        message: 'no PUBACK for packet 1 within 40 ms',
      });
      disconnectAt(client, 60);
    });
  });

  it('errors with NOT_CONNECTED before connect(), CLIENT_CLOSED on disconnect, and (without reconnect) the outage when the link drops', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient({ reconnect: false });
      broker.answers.puback = false;
      expectObservable(shaped(client.publish('t', 'x'))).toBe('#', undefined, {
        name: 'MqttError',
        code: 'NOT_CONNECTED',
        message: 'publish() needs a connected client: call connect() first',
      });
      connectAt(client, 1);
      expectObservable(shaped(client.publish('t', 'x', { qos: 1 })), '--^').toBe('-----#', undefined, {
        name: 'TransportError',
        code: 'CONNECTION_LOST',
        message: 'connection cut by the virtual broker',
      });
      cold('-----x').subscribe(() => broker.cut());
    });
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.answers.puback = false;
      connectAt(client, 0);
      expectObservable(shaped(client.publish('t', 'x', { qos: 1 })), '--^').toBe('-----#', undefined, {
        name: 'ClientClosedError',
        code: 'CLIENT_CLOSED',
        message: 'the client is closed: disconnect() was called',
      });
      // forced: a graceful disconnect() would wait for the PUBACK (see graceful-disconnect.spec.ts)
      cold('-----x').subscribe(() => client.disconnect({ force: true }).subscribe());
    });
  });

  it('is lazy: nothing goes out until subscribed, and each subscription publishes once', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient();
      const publication = client.publish('t', 'x');
      expectObservable(receivedLetters(broker)).toBe('C---P--P-D', LETTERS);
      connectAt(client, 0);
      expectObservable(publication, '----^').toBe('----(r|)', { r: ok('t', 'x', 0) });
      expectObservable(publication, '-------^').toBe('-------(r|)', { r: ok('t', 'x', 0) });
      disconnectAt(client, 9);
    });
  });

  it('sends strings as UTF-8, bytes as given, with the retain flag', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient();
      connectAt(client, 0);
      timer(1).subscribe(() => client.publish('t/€', 'grüße', { retain: true }).subscribe());
      timer(1).subscribe(() => client.publish('t/b', Uint8Array.of(0, 255), { qos: 1 }).subscribe());
      disconnectAt(client, 5);
      flush();
      const [text, binary] = broker.packets('publish');
      expect(text).toMatchObject({ topic: 't/€', qos: 0, retain: true, payload: Uint8Array.from(Buffer.from('grüße')) });
      expect(binary).toMatchObject({ topic: 't/b', qos: 1, retain: false, packetId: 1, payload: Uint8Array.of(0, 255) });
    });
  });

  it('checks topic, payload and options at call time', () => {
    const { client } = virtualClient();
    expectThrows(() => client.publish('a/+', 'x'), RangeError, 'topic name "a/+" contains the wildcard "+" [MQTT-3.3.2-2]');
    expectThrows(() => client.publish('a/#', 'x'), RangeError, 'topic name "a/#" contains the wildcard "#" [MQTT-3.3.2-2]');
    expectThrows(() => client.publish('', 'x'), RangeError, 'topic name "" is empty [MQTT-4.7.3-1]');
    expectThrows(() => client.publish('a'.repeat(65536), 'x'), RangeError, 'topic name "' + 'a'.repeat(64) + '" is 65536 bytes long, over 65535 [MQTT-4.7.3-3]');
    expectThrows(() => client.publish(null as unknown as string, 'x'), TypeError, 'topic name must be a string, got object');
    expectThrows(() => client.publish('t', 42 as unknown as string), TypeError, 'payload must be a string or a Uint8Array, got number');
    expectThrows(() => client.publish('t', null as unknown as string), TypeError, 'payload must be a string or a Uint8Array, got null');
    expectThrows(() => client.publish('t', 'x', { qos: 3 as 1 }), RangeError, 'qos must be 0, 1 or 2, got 3');
    expectThrows(() => client.publish('t', 'x', { qos: '1' as unknown as 1 }), TypeError, 'qos must be a number, got string');
    expectThrows(() => client.publish('t', 'x', { retain: 1 as unknown as boolean }), TypeError, 'retain must be a boolean, got number');
    expectThrows(() => client.publish('t', 'x', 'fast' as never), TypeError, 'publish options must be an object');
  });
});

function client(options?: Partial<ClientOptions>) {
  return virtualClient(Object.assign({ keepalive: 0, reconnect: { initialDelay: 1000, random: () => 0.5 } }, options));
}

/** publish(payload) at `ms`: emits `payload` when it completes, `payload!CODE` when it errors. */
function outcome(c: MqttClient, ms: number, payload: string, qos: 0 | 1 = 1): Observable<string> {
  return timer(ms).pipe(
    mergeMap(() => c.publish('t', payload, { qos })),
    map(() => payload),
    catchError((e: { code: string }) => of(payload + '!' + e.code)),
  );
}

describe('Publisher: the offline queue', () => {
  const AT_RECONNECT = '1100ms (x|)';
  const AT_OVERFLOW = '220ms (x|)';
  it.each([
    ['error', [AT_RECONNECT, AT_RECONNECT, AT_OVERFLOW], 'c', ['t=a#1', 't=b#2']],
    ['drop-oldest', [AT_OVERFLOW, AT_RECONNECT, AT_RECONNECT], 'a', ['t=b#1', 't=c#2']],
    ['drop-newest', [AT_RECONNECT, AT_OVERFLOW, AT_RECONNECT], 'b', ['t=a#1', 't=c#2']],
  ])("overflow '%s' (limit 2, a b c offline): which publication fails, which go out after the reconnection", (overflow, marbles, dropped, sent) => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ offlineQueue: { limit: 2, overflow: overflow as 'error' } });
      connectAt(c, 0);
      at(100, () => broker.cut()); // reconnects at 1100
      const payloads = ['a', 'b', 'c'];
      for (let i = 0; i < 3; i++) {
        const p = payloads[i];
        expectObservable(outcome(c, 200 + 10 * i, p)).toBe(marbles[i] as string, { x: p === dropped ? p + '!QUEUE_OVERFLOW' : p });
      }
      disconnectAt(c, 2000);
      at(1999, () => {
        expect(receivedPublishes(broker)).toEqual(sent);
        expect(c.stats.offlineDrops).toBe(1);
      });
    });
  });

  it('errors a dropped publication with QueueOverflowError (QUEUE_OVERFLOW, queue offline)', () => {
    testScheduler().run(() => {
      const { broker, client: c } = client({ offlineQueue: { limit: 1 } });
      const errors: unknown[] = [];
      connectAt(c, 0);
      at(100, () => broker.cut());
      at(200, () => c.publish('t', 'kept').subscribe({ error: (e) => errors.push(e) }));
      at(300, () => c.publish('t', 'refused').subscribe({ error: (e) => errors.push(e) }));
      disconnectAt(c, 400);
      at(350, () => {
        expect(errors.map(errorShape)).toEqual([
          {
            name: 'QueueOverflowError',
            code: 'QUEUE_OVERFLOW',
            message: "the offline queue is full (1 publications, overflow 'error'): refused this publication",
          },
        ]);
        expect((errors[0] as { queue: string }).queue).toBe('offline');
      });
    });
  });

  it('takes a publication whose observer left out of the queue', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ offlineQueue: { limit: 2 } });
      connectAt(c, 0);
      at(100, () => broker.cut());
      at(200, () => {
        const gone = c.publish('t', 'gone', { qos: 1 }).subscribe();
        timer(100).subscribe(() => gone.unsubscribe());
      });
      // the queue has room again for two
      expectObservable(outcome(c, 400, 'a')).toBe('1100ms (a|)', { a: 'a' });
      expectObservable(outcome(c, 500, 'b')).toBe('1100ms (b|)', { b: 'b' });
      disconnectAt(c, 2000);
      at(1999, () => {
        expect(receivedPublishes(broker)).toEqual(['t=a#1', 't=b#2']);
        expect(c.stats.offlineDrops).toBe(0);
      });
    });
  });

  it('queues QoS 0 the same way: written after the reconnection', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      connectAt(c, 0);
      at(100, () => broker.cut());
      expectObservable(outcome(c, 200, 'zero', 0)).toBe('1100ms (z|)', { z: 'zero' });
      disconnectAt(c, 2000);
      at(1999, () => expect(receivedPublishes(broker)).toEqual(['t=zero']));
    });
  });

  it('puts a QoS 0 publication back in the queue when the connection broke before it was written', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      connectAt(c, 0);
      const result = timer(100).pipe(
        mergeMap(
          () =>
            new Observable<PublishResult>((subscriber) => {
              const subscription = c.publish('t', 'late', { qos: 0 }).subscribe(subscriber);
              broker.cut(); // same turn: the write batcher had not flushed yet
              return subscription;
            }),
        ),
        map(() => 'ok'),
      );
      expectObservable(result).toBe('1100ms (o|)', { o: 'ok' });
      disconnectAt(c, 2000);
      at(1999, () => expect(receivedPublishes(broker)).toEqual(['t=late']));
    });
  });

  it('errors with NOT_CONNECTED before connect() was called', () => {
    testScheduler().run(() => {
      const { client: c } = client();
      let error: unknown;
      c.publish('t', 'x').subscribe({ error: (e) => (error = e) });
      expect(errorShape(error)).toEqual({
        name: 'MqttError',
        code: 'NOT_CONNECTED',
        message: 'publish() needs a connected client: call connect() first',
      });
    });
  });
});

describe('Publisher: QoS 1 across a reconnection', () => {
  it.each([
    ['with the same packet id and DUP when the session is present', { clean: false, clientId: 'keeper' }, 't=x*#1'],
    ['as a new publication (same id, no DUP) when the broker lost the session', { clean: true }, 't=x#1'],
  ])('re-sends an unacknowledged publication %s', (_how, options, resent) => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client(options);
      broker.answers.puback = false;
      connectAt(c, 0);
      expectObservable(outcome(c, 100, 'x')).toBe('1200ms (x|)', { x: 'x' });
      at(200, () => {
        broker.cut();
        broker.answers.puback = true;
      });
      disconnectAt(c, 2000);
      at(1999, () => {
        expect(receivedPublishes(broker)).toEqual(['t=x#1', resent]);
        expect(c.stats.resends).toBe(1);
      });
    });
  });

  it('re-sends the in-flight publications before the ones queued offline, oldest first', () => {
    testScheduler().run(() => {
      const { broker, client: c } = client({ clean: false, clientId: 'keeper' });
      broker.answers.puback = false;
      connectAt(c, 0);
      const o1 = publishAt(c, 100, 't', 'old1', 1);
      const o2 = publishAt(c, 110, 't', 'old2', 1);
      at(200, () => {
        broker.cut();
        broker.answers.puback = true;
      });
      const n = publishAt(c, 300, 't', 'new', 1);
      disconnectAt(c, 2000);
      at(1999, () => {
        expect(receivedPublishes(broker)).toEqual(['t=old1#1', 't=old2#2', 't=old1*#1', 't=old2*#2', 't=new#3']);
        expect([o1.result, o2.result, n.result]).toEqual(['ok', 'ok', 'ok']);
        expect(c.stats.resends).toBe(2);
      });
    });
  });

  it('a PUBACK timeout closes the connection, reconnects and re-sends there, never on the same connection', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ clean: false, clientId: 'keeper', responseTimeout: 1000 });
      broker.answers.puback = false;
      const labels = ['connected#1', 'reconnecting#1/1000:PUBACK_TIMEOUT', 'connected#1+s', 'disconnected'];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 1049ms b 999ms c 899ms (d|)', lettered(labels));
      expectObservable(receivedLetters(broker), '^ 3001ms !').toBe('C 99ms P 1999ms (CP) 896ms D', LETTERS);
      connectAt(c, 0);
      expectObservable(outcome(c, 100, 'x')).toBe('2100ms (x|)', { x: 'x' });
      at(1500, () => (broker.answers.puback = true));
      disconnectAt(c, 3000);
      at(2999, () => {
        expect(receivedPublishes(broker)).toEqual(['t=x#1', 't=x*#1']);
        expect(c.stats.resends).toBe(1);
      });
    });
  });
});
