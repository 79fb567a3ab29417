import { from, map, Observable, range, Subject, take, tap } from 'rxjs';
import { encodePacket } from '../../../../lib/codec';
import type { OutgoingMessage } from '../../../../lib/client/types';
import { checkPublishAllOptions } from '../../../../lib/client/outbound/publish-all';
import {
  connectedClient,
  countingIterable,
  messages,
  pacedWrites,
  peakInFlight,
  publishTimes,
  extraReads,
  recordingWrites,
  resultText,
  texts,
} from '../support/publish-harness';
import { connectAt, disconnectAt, shaped, testScheduler, virtualClient } from '../support/harness';
import { expectThrows } from '../../../operators/support/expect-throws';
import type { PublishResult } from '../../../../lib/client/types';

const OVERFLOW = (capacity: number, maxInFlight: number, bufferSize: number) => ({
  name: 'QueueOverflowError',
  code: 'QUEUE_OVERFLOW',
  message:
    'publishAll: the source pushed more than ' + capacity + ' messages ahead of the broker (maxInFlight ' + maxInFlight +
    ' + bufferSize ' + bufferSize + '); give an array or an iterable to be pulled instead, or a larger bufferSize',
});

describe('client.publishAll: the window', () => {
  it('keeps at most maxInFlight unacknowledged, emits results in order, completes with the last PUBACK', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = connectedClient(5);
      const results = client.publishAll(messages(6, 1), { maxInFlight: 2 });
      // CONNACK at 5; two PUBLISHes per PUBACK round trip of 5 ms
      expectObservable(texts(results)).toBe('10ms (ab) 1ms (cd) 1ms (ef|)', { a: 'm0', b: 'm1', c: 'm2', d: 'm3', e: 'm4', f: 'm5' });
    });
  });

  it('never has more than maxInFlight PUBLISHes unacknowledged, by the broker’s record', () => {
    const scheduler = testScheduler();
    scheduler.run(({ flush }) => {
      const { broker, client } = connectedClient(7);
      const seen: string[] = [];
      client.publishAll(messages(300, 1), { maxInFlight: 16 }).subscribe((r) => seen.push(r.ok ? 'ok' : 'failed'));
      flush();
      expect(seen.length).toBe(300);
      expect(seen.every((s) => s === 'ok')).toBe(true);
      expect(peakInFlight(broker, 7)).toBe(16);
      const ids = broker.packets('publish').map((p) => p.packetId);
      expect(new Set(ids.slice(0, 16)).size).toBe(16);
    });
  });

  it('refills a full window as each PUBACK arrives, not after half of it came back', () => {
    testScheduler().run(({ cold, flush }) => {
      const { broker, client } = connectedClient(1, { reconnect: false });
      broker.answers.puback = false;
      const results: string[] = [];
      client.publishAll(messages(7, 1), { maxInFlight: 4 }).subscribe((r) => results.push(resultText(r)));
      // ids 1-4 sent at 1; the PUBACKs of 1, 2, 3 reach the client one at a time at 3, 5, 7, the rest at 12
      cold('--a-b-c----(defg)').subscribe((id) => broker.send({ type: 'puback', packetId: 'abcdefg'.indexOf(id) + 1 }));
      flush();
      expect(results).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
      // each PUBACK frees one slot and its refill leaves at once: a client that sends nothing
      // until half the window is back leaves a Nagle-delayed broker waiting for our ACK
      expect(publishTimes(broker)).toEqual([1, 1, 1, 1, 3, 5, 7]);
    });
  });

  it('sends the refills freed by one read together', () => {
    const writes: number[] = [];
    const reads = new Subject<Uint8Array>();
    testScheduler().run(({ cold, flush }) => {
      const { broker, client } = connectedClient(1, { reconnect: false }, (t) => recordingWrites(writes)(extraReads(reads)(t)));
      broker.answers.puback = false;
      const results: string[] = [];
      client.publishAll(messages(8, 1), { maxInFlight: 4 }).subscribe((r) => results.push(resultText(r)));
      // one read at 5 carries the PUBACKs of ids 1-4, one at 9 those of ids 5-8
      const pubacks = (first: number) => Uint8Array.from([0, 1, 2, 3].flatMap((i) => Array.from(encodePacket({ type: 'puback', packetId: first + i }))));
      cold('-----a---b').subscribe((x) => reads.next(pubacks(x === 'a' ? 1 : 5)));
      flush();
      expect(publishTimes(broker)).toEqual([1, 1, 1, 1, 5, 5, 5, 5]);
      expect(results).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    });
    // CONNECT, the first 4 PUBLISHes, and the 4 refills in one write
    expect(writes.length).toBe(3);
  });

  it('reports in source order when PUBACKs come out of order', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = connectedClient(1);
      broker.answers.puback = false;
      const results = client.publishAll(messages(3, 1), { maxInFlight: 3 });
      // sent at 1 with ids 1, 2, 3; PUBACKs 3, 2, 1 reach the client at 4, 6, 8
      cold('---c-b-a').subscribe((id) => broker.send({ type: 'puback', packetId: { a: 1, b: 2, c: 3 }[id]! }));
      expectObservable(texts(results)).toBe('8ms (abc|)', { a: 'm0', b: 'm1', c: 'm2' });
    });
  });

  it('mixes QoS 0 and QoS 1, still in order', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = connectedClient(5);
      const mixed: OutgoingMessage[] = [
        { topic: 't', payload: 'a', qos: 1 },
        { topic: 't', payload: 'b' },
        { topic: 't', payload: 'c', qos: 0, retain: true },
        { topic: 't', payload: 'd', qos: 1 },
      ];
      // b and c are written at 5 but wait for a's PUBACK
      expectObservable(texts(client.publishAll(mixed))).toBe('10ms (abcd|)', { a: 'a', b: 'b', c: 'c', d: 'd' });
    });
  });
});

describe('client.publishAll: failures are values', () => {
  it('reports invalid messages in place and goes on', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = connectedClient(2);
      const mixed = [
        { topic: 't', payload: 'a', qos: 1 },
        { topic: 'bad/#', payload: 'b' },
        { topic: 't', payload: 'c', qos: 3 },
        null,
        { topic: 't', payload: 42 },
        { topic: 't', payload: 'f', retain: 'yes' },
        { topic: 't', payload: 'g', qos: 1 },
      ] as unknown as OutgoingMessage[];
      const results = client.publishAll(mixed).pipe(map((r) => (r.ok ? 'ok' : r.error!.name + ': ' + r.error!.message)));
      expectObservable(results).toBe('4ms (abcdefg|)', {
        a: 'ok',
        b: 'RangeError: PUBLISH: topic name "bad/#" contains the wildcard "#" [MQTT-3.3.2-2]',
        c: 'RangeError: qos must be 0, 1 or 2, got 3',
        d: 'TypeError: publishAll: a message must be an object { topic, payload, qos?, retain? }, got null',
        e: 'TypeError: PUBLISH: payload must be a Uint8Array or a string',
        f: 'TypeError: retain must be a boolean, got string',
        g: 'ok',
      });
    });
  });

  it('without reconnect, reports a PUBACK timeout as a failed result and goes on', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = connectedClient(5, { responseTimeout: 20, reconnect: false });
      broker.answers.puback = false;
      cold('10ms x').subscribe(() => (broker.answers.puback = true));
      const results = client.publishAll(messages(2, 1), { maxInFlight: 1 });
      // m0 sent at 5, no PUBACK by 25; m1 sent at 25, acknowledged at 30
      expectObservable(texts(results)).toBe('25ms a 4ms (b|)', { a: 'm0:PUBACK_TIMEOUT', b: 'm1' });
    });
  });

  it('with reconnect, a PUBACK timeout reconnects and the re-sent message succeeds; results stay in order', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = connectedClient(5, { responseTimeout: 20, reconnect: { initialDelay: 10, random: () => 0.5 } });
      broker.answers.puback = false;
      cold('10ms x').subscribe(() => (broker.answers.puback = true));
      const results = client.publishAll(messages(2, 1), { maxInFlight: 1 });
      // m0 sent at 5, no PUBACK by 25: the link is presumed dead; reconnecting at 35, CONNACK at 40 and m0 re-sent,
      // its PUBACK at 45; m1 sent then, acknowledged at 50
      expectObservable(texts(results)).toBe('45ms a 4ms (b|)', { a: 'm0', b: 'm1' });
      cold('51ms x').subscribe(() => {
        expect(client.stats.resends).toBe(1);
        client.disconnect().subscribe();
      });
    });
  });

  it('errors with ClientClosedError when the client closes, dropping what is in flight', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = connectedClient(5, { reconnect: false });
      cold('14ms x').subscribe(() => broker.cut());
      expectObservable(shaped(texts(client.publishAll(messages(10, 1), { maxInFlight: 2 })))).toBe(
        '10ms (ab) #',
        { a: 'm0', b: 'm1' },
        { name: 'ClientClosedError', code: 'CLIENT_CLOSED', message: 'the client is closed: connection cut by the virtual broker' },
      );
    });
  });

  it('errors at once with the close error when the client is already closed', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = connectedClient(1);
      client.disconnect().subscribe();
      expectObservable(shaped(client.publishAll(messages(1, 0)))).toBe('#', undefined, {
        name: 'ClientClosedError',
        code: 'CLIENT_CLOSED',
        message: 'the client is closed: disconnect() was called',
      });
    });
  });

  it('publishes and reports what the source gave before its error, then errors with it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = connectedClient(5);
      const source = cold<OutgoingMessage>('ab#', { a: { topic: 't', payload: 'a', qos: 1 }, b: { topic: 't', payload: 'b' } }, new Error('source broke'));
      const results = shaped(texts(client.publishAll(source)));
      expectObservable(results).toBe('10ms (ab#)', { a: 'a', b: 'b' }, { name: 'Error', code: undefined, message: 'source broke' });
    });
  });

  it('does the same when a pulled source throws', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = connectedClient(5);
      const broken: Iterable<OutgoingMessage> = {
        [Symbol.iterator]: () => {
          let i = 0;
          return {
            next: () => {
              if (i === 2) throw new TypeError('no third message');
              return { done: false, value: { topic: 't', payload: 'x' + i++, qos: 1 as const } };
            },
          };
        },
      };
      expectObservable(shaped(texts(client.publishAll(broken)))).toBe('10ms (ab#)', { a: 'x0', b: 'x1' }, {
        name: 'TypeError',
        code: undefined,
        message: 'no third message',
      });
    });
  });
});

describe('client.publishAll: backpressure', () => {
  it('pulls an iterable only as the window allows', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = connectedClient(3);
      const source = countingIterable(messages(1000, 1));
      let results = 0;
      let ahead = 0;
      client.publishAll(source, { maxInFlight: 10 }).subscribe(() => {
        results++;
        ahead = Math.max(ahead, source.pulled - results);
      });
      expect(source.pulled).toBe(0); // nothing before the CONNACK
      flush();
      expect(results).toBe(1000);
      expect(ahead).toBeLessThanOrEqual(10);
      expect(peakInFlight(broker, 3)).toBe(10);
    });
  });

  it('stops pulling an endless source when unsubscribed and returns its iterator', () => {
    testScheduler().run(({ flush }) => {
      const { client } = connectedClient(3);
      const source = countingIterable(null, { topic: 't', payload: 'n', qos: 1 });
      let results = 0;
      client.publishAll(source, { maxInFlight: 8 }).pipe(take(50)).subscribe(() => results++);
      flush();
      expect(results).toBe(50);
      expect(source.pulled).toBeLessThanOrEqual(50 + 8);
      expect(source.returned).toBe(true);
    });
  });

  it('paces QoS 0 by the socket: nothing more is taken until a full send buffer drains', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      // writes of 16 KB or more fill the "socket" for 10 ms; each payload is 300 KB (written as its own view), a batch is written at 1 MB
      const { broker, client } = connectedClient(5, {}, pacedWrites(16384, 10));
      const big = new Uint8Array(300000);
      const source: OutgoingMessage[] = [];
      for (let i = 0; i < 7; i++) source.push({ topic: 't', payload: big, qos: 0 });
      const results = client.publishAll(source).pipe(map((r, i) => (r.ok ? 'abcdefg'[i] : 'x')));
      // a, b, c fill a batch; d starts the next, whose write (at the end of the turn) fills the socket until 15
      expectObservable(results).toBe('5ms (abcd) 4ms (efg|)');
      flush();
      expect(publishTimes(broker)).toEqual([5, 5, 5, 5, 15, 15, 15]);
    });
  });

  it('ends an observable that pushes past maxInFlight + bufferSize with QUEUE_OVERFLOW and unsubscribes it', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const { client } = connectedClient(10);
      const m = { topic: 't', payload: 'p', qos: 1 as const };
      const source = hot<OutgoingMessage>('-aaaaaaaaaaaa', { a: m });
      // not connected before 10: 2 + 3 messages wait, the sixth (at 6) overflows
      expectObservable(shaped(client.publishAll(source, { maxInFlight: 2, bufferSize: 3 }))).toBe('------#', undefined, OVERFLOW(5, 2, 3));
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  it('stops a synchronous observable mid-burst on overflow', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const { client } = connectedClient(1);
      let emitted = 0;
      const burst = range(0, 1000000).pipe(
        tap(() => emitted++),
        map((i): OutgoingMessage => ({ topic: 't', payload: 'n' + i, qos: 1 })),
      );
      expectObservable(shaped(client.publishAll(burst, { maxInFlight: 10, bufferSize: 100 }))).toBe('#', undefined, OVERFLOW(110, 10, 100));
      flush();
      // not connected yet: 110 wait, the 111th overflows and the range stops there
      expect(emitted).toBe(111);
    });
  });

  it('takes what an observable pushes within the bound, and waits for a connection', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const { client } = connectedClient(10);
      const source = hot<OutgoingMessage>('-abc|', { a: { topic: 't', payload: 'a', qos: 1 }, b: { topic: 't', payload: 'b', qos: 1 }, c: { topic: 't', payload: 'c' } });
      // all three wait for the CONNACK at 10, then go; a and b are acknowledged at 20
      expectObservable(texts(client.publishAll(source, { maxInFlight: 2, bufferSize: 1 }))).toBe('20ms (abc|)', { a: 'a', b: 'b', c: 'c' });
    });
  });
});

describe('client.publishAll: batching and allocation', () => {
  it('writes the packets of one turn in one write', () => {
    testScheduler().run(({ cold, flush }) => {
      const writes: number[] = [];
      const { client } = connectedClient(5, {}, recordingWrites(writes));
      cold('5ms x').subscribe(() => {
        client.publishAll(messages(50, 0)).subscribe();
        client.publishAll(messages(30, 1)).subscribe();
        client.publish('t', 'single').subscribe();
      });
      flush();
      // CONNECT, then everything of the turn at 5 in one write: 50 + 30 + 1 PUBLISHes
      const size = (m: OutgoingMessage): number => 2 + 2 + m.topic.length + (m.qos === 1 ? 2 : 0) + (m.payload as string).length;
      const total = messages(50, 0).concat(messages(30, 1)).reduce((n, m) => n + size(m), size({ topic: 't', payload: 'single' }));
      expect(writes.length).toBe(2);
      expect(writes[1]).toBe(total);
    });
  });

  it('subscribes nothing per message', () => {
    const subscribeCalls = (count: number): number => {
      let calls = 0;
      const original = Observable.prototype.subscribe;
      const spy = jest.spyOn(Observable.prototype, 'subscribe').mockImplementation(function (this: Observable<unknown>, ...args: unknown[]) {
        calls++;
        return (original as (...a: unknown[]) => ReturnType<typeof original>).apply(this, args);
      });
      try {
        testScheduler().run(({ flush }) => {
          const { client } = connectedClient(2);
          let results = 0;
          client.publishAll(messages(count, 1), { maxInFlight: 10 }).subscribe(() => results++);
          client.publishAll(messages(count, 0)).subscribe(() => results++);
          flush();
          expect(results).toBe(2 * count);
        });
      } finally {
        spy.mockRestore();
      }
      return calls;
    };
    expect(subscribeCalls(2000)).toBe(subscribeCalls(20));
  });
});

describe('client.publishAll: through a plain virtual client', () => {
  it('emits one result per message in order; a failed message is a value, not the end of the stream', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = virtualClient({ responseTimeout: 10 });
      connectAt(client, 0);
      const source = from([
        { topic: 'a', payload: '1', qos: 1 as const },
        { topic: 'bad/+', payload: '2' },
        { topic: 'c', payload: '3', qos: 0 as const },
      ]);
      const summary = map((r: PublishResult) => r.message.topic + ':' + (r.ok ? 'ok' : (r.error as Error).name));
      expectObservable(client.publishAll(source, { maxInFlight: 10 }).pipe(summary), '-^').toBe('-(abc|)', {
        a: 'a:ok',
        b: 'bad/+:RangeError',
        c: 'c:ok',
      });
      disconnectAt(client, 5);
    });
  });

  it('checks its arguments at call time', () => {
    const { client } = virtualClient();
    expectThrows(() => client.publishAll(from([]), { maxInFlight: 0 }), RangeError, 'maxInFlight must be an integer from 1 to 65535, got 0');
    expectThrows(() => client.publishAll(from([]), { maxInFlight: 'x' as unknown as number }), TypeError, 'maxInFlight must be a number, got string');
    expectThrows(() => client.publishAll(null as never), TypeError, 'publishAll needs an observable, an array or an (async) iterable of messages');
  });
});

describe('checkPublishAllOptions', () => {
  it('fills in the defaults', () => {
    expect(checkPublishAllOptions()).toEqual({ maxInFlight: 100, bufferSize: 16384 });
    expect(checkPublishAllOptions({ maxInFlight: 7 })).toEqual({ maxInFlight: 7, bufferSize: 16384 });
    expect(checkPublishAllOptions({ bufferSize: 0 })).toEqual({ maxInFlight: 100, bufferSize: 0 });
  });

  it.each([
    [null, TypeError, 'publishAll options must be an object'],
    [{ maxInFlight: '5' }, TypeError, 'maxInFlight must be a number, got string'],
    [{ maxInFlight: 0 }, RangeError, 'maxInFlight must be an integer from 1 to 65535, got 0'],
    [{ maxInFlight: 65536 }, RangeError, 'maxInFlight must be an integer from 1 to 65535, got 65536'],
    [{ maxInFlight: 1.5 }, RangeError, 'maxInFlight must be an integer from 1 to 65535, got 1.5'],
    [{ bufferSize: -1 }, RangeError, 'bufferSize must be an integer from 0 to 16777216, got -1'],
    [{ bufferSize: NaN }, RangeError, 'bufferSize must be an integer from 0 to 16777216, got NaN'],
  ])('refuses %p', (options, type, message) => {
    expect(() => checkPublishAllOptions(options as never)).toThrow(type);
    expect(() => checkPublishAllOptions(options as never)).toThrow(message);
  });

  it('client.publishAll throws at call time for a source of the wrong kind', () => {
    const { client } = connectedClient(1);
    for (const bad of ['text', 42, null, undefined, { topic: 't' }]) {
      expect(() => client.publishAll(bad as never)).toThrow(new TypeError('publishAll needs an observable, an array or an (async) iterable of messages'));
    }
    expect(() => client.publishAll([], { maxInFlight: -1 })).toThrow(RangeError);
    client.disconnect().subscribe();
  });
});

describe('client.publishAll: pulled async iterables', () => {
  it('takes one message at a time and reports them in order', async () => {
    const { client } = connectedClient(0);
    let pulled = 0;
    let results = 0;
    let ahead = 0;
    async function* generate(): AsyncGenerator<OutgoingMessage> {
      for (let i = 0; i < 200; i++) {
        pulled++;
        yield { topic: 't', payload: 'a' + i, qos: 1 };
      }
    }
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) =>
      client.publishAll(generate(), { maxInFlight: 5 }).subscribe({
        next: (r) => {
          results++;
          ahead = Math.max(ahead, pulled - results);
          seen.push(r.ok ? (r.message.payload as string) : 'failed');
        },
        error: reject,
        complete: resolve,
      }),
    );
    expect(seen).toEqual(messages(200, 1, 'a').map((m) => m.payload));
    expect(ahead).toBeLessThanOrEqual(5);
    await new Promise<void>((resolve) => client.disconnect().subscribe({ complete: resolve }));
  });
});
