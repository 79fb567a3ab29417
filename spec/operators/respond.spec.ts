import { type Observable, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { MqttMessage } from '../../lib/client/types';
import { respond } from '../../operators/respond';

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const text = (m: MqttMessage) => Buffer.from(m.payload).toString('utf8');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('respond', () => {
  it('answers each request at its QoS with the handler\'s reply (value, Promise or Observable), skips messages without responseTopic', async () => {
    const published: Array<[string, string, unknown]> = [];
    const client = {
      publish: (topic: string, payload: string | Uint8Array, options?: unknown): Observable<never> => {
        published.push([topic, String(payload), options]);
        return of() as Observable<never>;
      },
    };
    const request = (payload: string, properties?: MqttMessage['properties']): MqttMessage => ({ topic: 'svc', payload: bytes(payload), qos: 1, retain: false, dup: false, properties });
    const id = bytes('id');
    await new Promise<void>((resolve, reject) =>
      of(request('a', { responseTopic: 'r/1', correlationData: id }), request('b'), request('c', { responseTopic: 'r/3' }), request('d', { responseTopic: 'r/4' }))
        .pipe(
          respond(client, (m) => {
            const t = text(m);
            if (t === 'a') return 'A';
            if (t === 'c') return Promise.resolve({ payload: 'C', qos: 0 as const, properties: { contentType: 'text/plain' } });
            return of('D1', 'D2');
          }),
        )
        .subscribe({ complete: () => resolve(), error: reject }),
    );
    expect(published).toEqual([
      ['r/1', 'A', { qos: 1, properties: { correlationData: id } }],
      ['r/4', 'D1', { qos: 1, properties: {} }],
      ['r/4', 'D2', { qos: 1, properties: {} }],
      ['r/3', 'C', { qos: 0, properties: { contentType: 'text/plain' } }],
    ]);
  });

  it('errors with what the handler throws', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const client = { publish: () => of() };
      const boom = new Error('boom');
      const requests = cold('-a', { a: { topic: 's', payload: bytes('x'), qos: 0 as const, retain: false, dup: false, properties: { responseTopic: 'r' } } });
      expectObservable(requests.pipe(respond(client as never, () => { throw boom; }))).toBe('-#', undefined, boom);
      expectObservable(requests.pipe(respond(client as never, () => throwError(() => boom)))).toBe('-#', undefined, boom);
    });
    expect(() => respond({} as never, () => 'x')).toThrow(TypeError);
    expect(() => respond({ publish: () => of() } as never, 'x' as never)).toThrow(TypeError);
  });
});
