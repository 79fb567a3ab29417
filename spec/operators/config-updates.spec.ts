import { last, takeUntil, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { MqttMessage } from '../../lib/client/types';
import { MqttError, SubscriptionRefusedError } from '../../lib/errors';
import { configUpdates } from '../../operators/config-updates';
import type { JsonObject } from '../../operators/merge-config';
import { expectThrows } from './support/expect-throws';
import { FakeClient, message } from './support/fake-client';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const TOPIC = '/homecontrol/device/config';
const cfg = (payload: string, retain = false) => message(TOPIC, payload, { retain });

interface Invalid {
  code: string;
  message: string;
  topic: string;
}
const collect = (into: Invalid[]) => (e: MqttError, m: MqttMessage) => {
  expect(e).toBeInstanceOf(MqttError);
  into.push({ code: e.code, message: e.message, topic: m.topic });
};

describe('configUpdates', () => {
  it('emits the initial config, then each newer valid version from the topic', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const m = {
        r: cfg('{"version":1,"interval":60}', true), // the retained one: not newer than initial
        a: cfg('{"version":2,"interval":30}'),
        o: cfg('{"version":1,"interval":5}'), // older: stale, skipped
        b: cfg('{"version":3,"interval":10}'),
      };
      const topic$ = cold('-r-a-o-b-', m);
      const client = new FakeClient({ [TOPIC]: topic$ });
      const configs = configUpdates(client, TOPIC, { initial: { version: 1, interval: 60 } });
      expectObservable(configs, '^--------!').toBe('i--a---b-', {
        i: { version: 1, interval: 60 },
        a: { version: 2, interval: 30 },
        b: { version: 3, interval: 10 },
      });
      expectSubscriptions(topic$.subscriptions).toBe('^--------!');
    });
  });

  it("reads once after waking, as the seed: the newest config within the wait, else the saved one", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const saved = { version: 4, led: false };
      const newer = new FakeClient({ [TOPIC]: cold('--r', { r: cfg('{"version":5,"led":true}', true) }) });
      const same = new FakeClient({ [TOPIC]: cold('--r', { r: cfg('{"version":4,"led":false}', true) }) });
      const once = (client: FakeClient) => configUpdates(client, TOPIC, { initial: saved }).pipe(takeUntil(timer(10)), last());
      expectObservable(once(newer)).toBe('----------(c|)', { c: { version: 5, led: true } });
      expectObservable(once(same)).toBe('----------(c|)', { c: saved });
    });
  });

  it('reports bad JSON, non-objects and rejected configs to onInvalid, and never applies them', () => {
    const invalid: Invalid[] = [];
    testScheduler().run(({ cold, expectObservable }) => {
      const m = {
        j: cfg('{"version":2,'),
        n: cfg('[1,2]'),
        v: cfg('{"version":2,"interval":-1}'),
        t: cfg('{"version":2,"interval":"x"}'),
        g: cfg('{"version":2,"interval":15}'),
      };
      const validate = (c: JsonObject) => {
        if (typeof c.interval !== 'number') throw new Error('interval must be a number');
        return c.interval > 0 || 'interval must be positive';
      };
      const client = new FakeClient({ [TOPIC]: cold('-j-n-v-t-g-', m) });
      const configs = configUpdates(client, TOPIC, { initial: { version: 1, interval: 60 }, validate, onInvalid: collect(invalid) });
      expectObservable(configs).toBe('i--------g-', { i: { version: 1, interval: 60 }, g: { version: 2, interval: 15 } });
    });
    let syntax = '';
    try {
      JSON.parse('{"version":2,');
    } catch (e) {
      syntax = (e as Error).message;
    }
    expect(invalid).toEqual([
      { code: 'INVALID_JSON', message: 'payload on "' + TOPIC + '" is not valid JSON: ' + syntax, topic: TOPIC },
      { code: 'INVALID_CONFIG', message: 'config on "' + TOPIC + '" is not a JSON object', topic: TOPIC },
      { code: 'INVALID_CONFIG', message: 'config on "' + TOPIC + '" was rejected: interval must be positive', topic: TOPIC },
      { code: 'INVALID_CONFIG', message: 'config on "' + TOPIC + '" was rejected: interval must be a number', topic: TOPIC },
    ]);
  });

  it('says why when validate returns false', () => {
    const invalid: Invalid[] = [];
    testScheduler().run(({ cold, expectObservable }) => {
      const client = new FakeClient({ [TOPIC]: cold('-a-', { a: cfg('{"x":1}') }) });
      expectObservable(configUpdates(client, TOPIC, { validate: () => false, onInvalid: collect(invalid) })).toBe('---');
    });
    expect(invalid).toEqual([{ code: 'INVALID_CONFIG', message: 'config on "' + TOPIC + '" was rejected: validate returned false', topic: TOPIC }]);
  });

  it('merges partial updates into the current config when merge is on, validating the result', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const m = { a: cfg('{"version":2,"mqtt":{"qos":1}}'), b: cfg('{"version":3,"debug":null}') };
      const client = new FakeClient({ [TOPIC]: cold('-a-b-', m) });
      const validate = (c: JsonObject) => 'mqtt' in c;
      const initial = { version: 1, mqtt: { qos: 0, topic: 't' }, debug: true };
      expectObservable(configUpdates(client, TOPIC, { initial, merge: true, validate })).toBe('ia-b-', {
        i: initial,
        a: { version: 2, mqtt: { qos: 1, topic: 't' }, debug: true },
        b: { version: 3, mqtt: { qos: 1, topic: 't' } },
      });
    });
  });

  it('without versions: applies every different config, skips one equal to the current (a retained re-delivery)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const m = { a: cfg('{"led":true}', true), A: cfg('{ "led" : true }', true), b: cfg('{"led":false}') };
      const client = new FakeClient({ [TOPIC]: cold('-a-A-b-a-', m) });
      expectObservable(configUpdates(client, TOPIC)).toBe('-a---b-a-', { a: { led: true }, b: { led: false } });
    });
  });

  it('takes another versionKey, or none', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const m = { a: cfg('{"rev":1,"n":1}'), b: cfg('{"rev":1,"n":2}') };
      const initial = { rev: 1, n: 0 };
      const topic = () => new FakeClient({ [TOPIC]: cold('-a-b-', m) });
      expectObservable(configUpdates(topic(), TOPIC, { initial, versionKey: 'rev' })).toBe('i----', { i: initial });
      expectObservable(configUpdates(topic(), TOPIC, { initial, versionKey: false })).toBe('ia-b-', {
        i: initial,
        a: { rev: 1, n: 1 },
        b: { rev: 1, n: 2 },
      });
    });
  });

  it('ignores an empty payload (a retained config being cleared)', () => {
    const invalid: Invalid[] = [];
    testScheduler().run(({ cold, expectObservable }) => {
      const client = new FakeClient({ [TOPIC]: cold('-e-', { e: cfg('', true) }) });
      expectObservable(configUpdates(client, TOPIC, { onInvalid: collect(invalid) })).toBe('---');
    });
    expect(invalid).toEqual([]);
  });

  it('errors as the subscription does, and with what onInvalid throws', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const refused = new SubscriptionRefusedError(TOPIC);
      expectObservable(configUpdates(new FakeClient({ [TOPIC]: cold('--#', undefined, refused) }), TOPIC)).toBe('--#', undefined, refused);
      const boom = new Error('boom');
      const onInvalid = () => {
        throw boom;
      };
      const client = new FakeClient({ [TOPIC]: cold('-a-', { a: cfg('nope') }) });
      expectObservable(configUpdates(client, TOPIC, { onInvalid })).toBe('-#', undefined, boom);
    });
  });

  it('subscribes with the qos given', () => {
    const client = new FakeClient();
    configUpdates(client, TOPIC, { qos: 1 });
    configUpdates(client, TOPIC);
    expect(client.topicCalls).toEqual([{ filter: TOPIC, options: { qos: 1 } }, { filter: TOPIC }]);
  });

  it.each<[string, unknown[], ErrorConstructor, string]>([
    ['a client without topic()', [{}, TOPIC], TypeError, 'configUpdates: client must have a topic() method'],
    ['an empty topic', [new FakeClient(), ''], TypeError, 'configUpdates: topic must be a non-empty string'],
    ['options that are no object', [new FakeClient(), TOPIC, 3], TypeError, 'configUpdates: options must be an object'],
    ['a validate that is no function', [new FakeClient(), TOPIC, { validate: true }], TypeError, 'configUpdates: validate must be a function'],
    ['an onInvalid that is no function', [new FakeClient(), TOPIC, { onInvalid: 'log' }], TypeError, 'configUpdates: onInvalid must be a function'],
    ['an initial that is no object', [new FakeClient(), TOPIC, { initial: 'x' }], TypeError, 'configUpdates: initial must be an object'],
    ['an empty versionKey', [new FakeClient(), TOPIC, { versionKey: '' }], TypeError, 'configUpdates: versionKey must be a non-empty string or false'],
  ])('throws at call time for %s', (_name, args, cls, text) => {
    expectThrows(() => (configUpdates as (...a: unknown[]) => unknown)(...args), cls, text);
  });
});
