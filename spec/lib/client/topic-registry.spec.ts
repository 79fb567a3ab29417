import { map } from 'rxjs';
import type { ClientOptions } from '../../../lib/client/types';
import { connectAt, disconnectAt, LETTERS, receivedLetters, testScheduler, text, virtualClient } from './support/harness';
import { at, publishAt } from './support/resilience';

function client(options?: Partial<ClientOptions>) {
  return virtualClient(Object.assign({ keepalive: 0, reconnect: { initialDelay: 1000, random: () => 0.5 } }, options));
}

describe('TopicRegistry across reconnections', () => {
  it('without a session, re-subscribes every observed filter at its QoS before the queued publications', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ clean: true });
      c.topic('a/#', { qos: 1 }).subscribe();
      c.topic('b').subscribe();
      expectObservable(receivedLetters(broker), '^ 1500ms !').toBe('(CS) 1096ms (CSPA)', LETTERS);
      connectAt(c, 0);
      at(100, () => broker.cut());
      publishAt(c, 200, 'a/1', 'queued', 1);
      disconnectAt(c, 2000);
      at(1999, () => {
        const subscribes = broker.packets('subscribe').map((p) => p.subscriptions);
        const expected = [
          { topic: 'a/#', qos: 1 },
          { topic: 'b', qos: 0 },
        ];
        expect(subscribes).toEqual([expected, expected]);
      });
    });
  });

  it('with a session present, sends no SUBSCRIBE again, and the messages keep coming', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ clean: false, clientId: 'keeper' });
      expectObservable(c.topic('a/#', { qos: 1 }).pipe(map(text)), '^ 1999ms !').toBe('1500ms m', { m: 'a/x=after' });
      expectObservable(receivedLetters(broker), '^ 1999ms !').toBe('(CS) 1096ms C 399ms A', LETTERS);
      connectAt(c, 0);
      at(100, () => broker.cut());
      at(1500, () => broker.publish('a/x', 'after', { qos: 1 }));
      disconnectAt(c, 2000);
    });
  });

  it('with a session present, sends again a SUBSCRIBE whose SUBACK had not come', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ clean: false, clientId: 'keeper' });
      broker.answers.suback = false;
      c.topic('a').subscribe();
      expectObservable(receivedLetters(broker), '^ 1999ms !').toBe('(CS) 1096ms (CS)', LETTERS);
      connectAt(c, 0);
      at(100, () => {
        broker.cut();
        broker.answers.suback = true;
      });
      disconnectAt(c, 2000);
    });
  });

  it('with a session present, sends a QoS upgrade made while offline', () => {
    testScheduler().run(() => {
      const { broker, client: c } = client({ clean: false, clientId: 'keeper' });
      c.topic('a').subscribe();
      connectAt(c, 0);
      at(100, () => broker.cut());
      at(200, () => c.topic('a', { qos: 1 }).subscribe());
      disconnectAt(c, 2000);
      at(1999, () => {
        expect(broker.packets('subscribe').map((p) => p.subscriptions)).toEqual([[{ topic: 'a', qos: 0 }], [{ topic: 'a', qos: 1 }]]);
      });
    });
  });

  it('with a session present, sends the UNSUBSCRIBE of a filter released while offline', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ clean: false, clientId: 'keeper' });
      const s = c.topic('a').subscribe();
      expectObservable(receivedLetters(broker), '^ 1999ms !').toBe('(CS) 1096ms (CU)', LETTERS);
      connectAt(c, 0);
      at(100, () => broker.cut());
      at(200, () => s.unsubscribe());
      disconnectAt(c, 2000);
    });
  });

  it('without a session, forgets a filter released while offline', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ clean: true });
      const s = c.topic('a').subscribe();
      expectObservable(receivedLetters(broker), '^ 1999ms !').toBe('(CS) 1096ms C', LETTERS);
      connectAt(c, 0);
      at(100, () => broker.cut());
      at(200, () => s.unsubscribe());
      disconnectAt(c, 2000);
    });
  });
});
