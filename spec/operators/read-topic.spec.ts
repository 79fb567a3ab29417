import { TestScheduler } from 'rxjs/testing';
import { SubscriptionRefusedError } from '../../lib/errors';
import { readTopic } from '../../operators/read-topic';
import { FakeClient, message } from './support/fake-client';
import { expectThrows } from './support/expect-throws';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const m = { a: message('esp32/commands', 'on'), b: message('esp32/commands', 'off') };

describe('readTopic', () => {
  it('emits the first message and completes, unsubscribing at once', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const topic$ = cold('---a--b--', m);
      const client = new FakeClient({ 'esp32/commands': topic$ });
      expectObservable(readTopic(client, 'esp32/commands', 10)).toBe('---(a|)', m);
      expectSubscriptions(topic$.subscriptions).toBe('^--!');
    });
  });

  it('emits a retained message delivered right after SUBSCRIBE', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const retained = { r: message('dev/config', '{"version":2}', { retain: true }) };
      const client = new FakeClient({ 'dev/config': cold('-r', retained) });
      expectObservable(readTopic(client, 'dev/config', 1000)).toBe('-(r|)', retained);
    });
  });

  it('completes empty after the wait and unsubscribes then', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const topic$ = cold('-------a', m);
      const client = new FakeClient({ 'esp32/commands': topic$ });
      expectObservable(readTopic(client, 'esp32/commands', 5)).toBe('-----|');
      expectSubscriptions(topic$.subscriptions).toBe('^----!');
    });
  });

  it('errors as the subscription does', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const refused = new SubscriptionRefusedError('secret/#');
      const client = new FakeClient({ 'secret/#': cold('--#', undefined, refused) });
      expectObservable(readTopic(client, 'secret/#', 100)).toBe('--#', undefined, refused);
    });
  });

  it('takes the scheduler directly or in options, with a qos for the subscription', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const client = new FakeClient({ t: cold('---a', m) });
      const virtual = new TestScheduler(() => undefined); // never flushed: its timer never fires
      expectObservable(readTopic(client, 't', 1, virtual)).toBe('---(a|)', m);
      expectObservable(readTopic(client, 't', 1, { qos: 1, scheduler: virtual })).toBe('---(a|)', m);
      expectObservable(readTopic(client, 't', 1, { qos: 1 })).toBe('-|');
      expect(client.topicCalls).toEqual([{ filter: 't' }, { filter: 't', options: { qos: 1 } }, { filter: 't', options: { qos: 1 } }]);
    });
  });

  it.each<[string, unknown[], ErrorConstructor, string]>([
    ['a client without topic()', [{}, 't', 1], TypeError, 'readTopic: client must have a topic() method'],
    ['an empty topic', [new FakeClient(), '', 1], TypeError, 'readTopic: topic must be a non-empty string'],
    ['a NaN wait', [new FakeClient(), 't', NaN], TypeError, 'readTopic: waitMs must be a number, got NaN'],
    ['a negative wait', [new FakeClient(), 't', -1], RangeError, 'readTopic: waitMs must be between 0 and 2147483647, got -1'],
    ['an endless wait', [new FakeClient(), 't', Infinity], RangeError, 'readTopic: waitMs must be between 0 and 2147483647, got Infinity'],
    ['options that are neither', [new FakeClient(), 't', 1, 5], TypeError, 'readTopic: options must be a scheduler or an object'],
  ])('throws at call time for %s', (_name, args, cls, text) => {
    const call = () => (readTopic as (...a: unknown[]) => unknown)(...args);
    expectThrows(call, cls, text);
  });
});
