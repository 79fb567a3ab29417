import { VirtualBroker } from '../../../../adapters/virtual';
import { createClient } from '../../../../lib/client/create-client';
import { connectAt, disconnectAt, LETTERS, receivedLetters, testScheduler, virtualClient } from '../support/harness';
import { at, lettered, stateLabels } from '../support/resilience';

describe('cleanSlateLink (cleanInit: true, clean: false)', () => {
  it('connects clean, disconnects, then starts the persistent session that outages keep', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0, clientId: 'slate', cleanInit: true, clean: false, reconnect: { random: () => 0.5 } });
      client.topic('a', { qos: 1 }).subscribe();
      const labels = ['idle', 'connecting#1', 'connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'connected#1+s', 'disconnected'];
      expectObservable(stateLabels(client)).toBe('(abc) 95ms d 999ms e 899ms (f|)', lettered(labels));
      expectObservable(receivedLetters(broker), '^ 1999ms !').toBe('(CDCS) 1094ms C', LETTERS);
      connectAt(client, 0);
      at(100, () => broker.cut());
      disconnectAt(client, 2000);
      at(1999, () => expect(broker.packets('connect').map((p) => p.clean)).toEqual([true, false, false]));
    });
  });

  it.each([
    [true, false, 'wipes'],
    [false, true, 'resumes'],
  ])('cleanInit %s with clean false: the first connection finds sessionPresent %s (%s the stored session)', (cleanInit, present) => {
    testScheduler().run(() => {
      const broker = new VirtualBroker();
      const before = createClient({ transport: broker.transport, keepalive: 0, clientId: 'slate', clean: false, reconnect: false });
      before.topic('old').subscribe({ error: () => undefined });
      connectAt(before, 0);
      at(10, () => broker.cut()); // the broker keeps the persistent session of 'slate'
      const after = createClient({ transport: broker.transport, keepalive: 0, clientId: 'slate', cleanInit, clean: false });
      const seen: string[] = [];
      let sessionPresent: boolean | undefined;
      after.messages$.subscribe((m) => seen.push(m.topic));
      at(20, () => after.connect().subscribe((r) => (sessionPresent = r.sessionPresent)));
      at(30, () => broker.publish('old', 'x'));
      disconnectAt(after, 100);
      at(99, () => {
        expect(sessionPresent).toBe(present);
        expect(seen).toEqual(present ? ['old'] : []);
      });
    });
  });
});
