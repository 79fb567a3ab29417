import { from, map } from 'rxjs';
import type { PublishResult } from '../../../lib/client/types';
import { connectAt, disconnectAt, testScheduler, virtualClient } from './support/harness';
import { expectThrows } from '../../operators/support/expect-throws';

describe('client.publishAll() (sequential first version)', () => {
  it('emits one result per message in order; a failed message is a value, not the end of the stream', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = virtualClient({ responseTimeout: 10 });
      connectAt(client, 0);
      const messages = from([
        { topic: 'a', payload: '1', qos: 1 as const },
        { topic: 'bad/+', payload: '2' },
        { topic: 'c', payload: '3', qos: 0 as const },
      ]);
      const summary = map((r: PublishResult) => r.message.topic + ':' + (r.ok ? 'ok' : (r.error as Error).name));
      expectObservable(client.publishAll(messages, { maxInFlight: 10 }).pipe(summary), '-^').toBe('-(abc|)', {
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
    expectThrows(() => client.publishAll(null as never), TypeError, 'publishAll needs an observable of messages');
  });
});
