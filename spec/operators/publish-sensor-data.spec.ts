import { concatMap, map, type Observable, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { OutgoingMessage, PublishResult } from '../../lib/client/types';
import { MqttTimeoutError } from '../../lib/errors';
import { publishSensorData } from '../../operators/publish-sensor-data';
import { FakeClient } from './support/fake-client';
import { expectThrows } from './support/expect-throws';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

// a broker that acknowledges each message 2 ms after the previous one; `fail` topics time out
function ackingClient(fail: string[] = []): { client: FakeClient } {
  const timeout = new MqttTimeoutError('PUBACK_TIMEOUT', 'no PUBACK within 10000 ms', 10000);
  const client = new FakeClient({}, (messages$: Observable<OutgoingMessage>) =>
    messages$.pipe(
      concatMap((message) => {
        return timer(2).pipe(
          map((): PublishResult => (fail.indexOf(message.topic) >= 0 ? { message, ok: false, error: timeout } : { message, ok: true })),
        );
      }),
    ),
  );
  return { client };
}

const prefix = '/homecontrol/device/data/dht22';

describe('publishSensorData', () => {
  it("publishes each reading under <prefix>/<name> and all of them as JSON under <prefix>/data, as the seed's layout", () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = ackingClient();
      const results = publishSensorData(client, prefix, { temperature: 21.5, humidity: 40 }, { extra: { uptime: 12, unit: 'C' } });
      const t = { topic: prefix + '/temperature', payload: '21.5', qos: 0, retain: false };
      const h = { topic: prefix + '/humidity', payload: '40', qos: 0, retain: false };
      const d = { topic: prefix + '/data', payload: '{"temperature":21.5,"humidity":40,"uptime":12,"unit":"C"}', qos: 0, retain: false };
      expectObservable(results).toBe('--t-h-(d|)', {
        t: { message: t, ok: true },
        h: { message: h, ok: true },
        d: { message: d, ok: true },
      });
    });
  });

  it('reports a failed publication as a value and goes on', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = ackingClient(['p/humidity']);
      const results = publishSensorData(client, 'p', { temperature: 1, humidity: 2 }, { combined: false, qos: 1, retain: true });
      const timeout = new MqttTimeoutError('PUBACK_TIMEOUT', 'no PUBACK within 10000 ms', 10000);
      expectObservable(results).toBe('--t-(h|)', {
        t: { message: { topic: 'p/temperature', payload: '1', qos: 1, retain: true }, ok: true },
        h: { message: { topic: 'p/humidity', payload: '2', qos: 1, retain: true }, ok: false, error: timeout },
      });
    });
  });

  it('publishes nothing before subscription, and again on each subscription', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = ackingClient();
      const results = publishSensorData(client, 'p', { on: true, mode: 'eco', level: NaN }, { combined: 'all', maxInFlight: 5 });
      expect(client.publishAllCalls).toEqual([]);
      expectObservable(results.pipe(map((r) => r.message.topic + ' ' + r.message.payload))).toBe('--a-b-c-(d|)', {
        a: 'p/on true',
        b: 'p/mode eco',
        c: 'p/level NaN',
        d: 'p/all {"on":true,"mode":"eco","level":null}',
      });
      expectObservable(results.pipe(map(() => 'x')), '^').toBe('--x-x-x-(x|)');
    });
  });

  it('passes maxInFlight to publishAll', () => {
    const { client } = ackingClient();
    publishSensorData(client, 'p', { a: 1 }, { maxInFlight: 3 }).subscribe();
    publishSensorData(client, 'p', { a: 1 }).subscribe();
    expect(client.publishAllCalls).toEqual([{ maxInFlight: 3 }, {}]);
  });

  it.each<[string, unknown[], ErrorConstructor, string]>([
    ['a client without publishAll()', [{}, 'p', {}], TypeError, 'publishSensorData: client must have a publishAll() method'],
    ['an empty prefix', [ackingClient().client, '', {}], TypeError, 'publishSensorData: prefix must be a non-empty string'],
    ['a wildcard prefix', [ackingClient().client, 'a/+', {}], RangeError, 'publishSensorData: prefix "a/+" must not hold "+", "#" or U+0000 [MQTT-3.3.2-2] [MQTT-4.7.3-2]'],
    ['null readings', [ackingClient().client, 'p', null], TypeError, 'publishSensorData: readings must be an object'],
    ['a wildcard name', [ackingClient().client, 'p', { '#': 1 }], RangeError, 'publishSensorData: reading name "#" must not hold "+", "#" or U+0000 [MQTT-3.3.2-2] [MQTT-4.7.3-2]'],
    ['a name equal to the combined topic', [ackingClient().client, 'p', { data: 1 }], RangeError, 'publishSensorData: reading name "data" is the combined topic; rename it or set options.combined'],
    ['an object value', [ackingClient().client, 'p', { t: {} }], TypeError, 'publishSensorData: reading "t" must be a number, string or boolean, got object'],
    ['a null value', [ackingClient().client, 'p', { t: null }], TypeError, 'publishSensorData: reading "t" must be a number, string or boolean, got null'],
    ['qos 2', [ackingClient().client, 'p', { t: 1 }, { qos: 2 }], RangeError, 'publishSensorData: qos must be 0 or 1, got 2'],
    ['an empty combined topic', [ackingClient().client, 'p', { t: 1 }, { combined: '' }], TypeError, 'publishSensorData: combined must be a non-empty string'],
    ['extra that is no object', [ackingClient().client, 'p', { t: 1 }, { extra: 5 }], TypeError, 'publishSensorData: extra must be an object'],
  ])('throws at call time for %s', (_name, args, cls, text) => {
    const call = () => (publishSensorData as (...a: unknown[]) => unknown)(...args);
    expectThrows(call, cls, text);
  });
});
