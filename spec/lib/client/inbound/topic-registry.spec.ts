import { map } from 'rxjs';
import type { SubscribePacket } from '../../../../lib/codec/packet';
import type { ClientOptions } from '../../../../lib/client/types';
import {
  connectAt,
  disconnectAt,
  LETTERS,
  receivedLetters,
  shaped,
  testScheduler,
  text,
  virtualClient,
} from '../support/harness';
import { at, publishAt } from '../support/resilience';
import { expectThrows } from '../../../operators/support/expect-throws';

describe('client.topic(): TopicRegistry', () => {
  it('sends SUBSCRIBE for the first observer and UNSUBSCRIBE after the last one leaves', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient();
      const topic = client.topic('a/+');
      expectObservable(receivedLetters(broker)).toBe('CS-------U-D', LETTERS);
      connectAt(client, 0);
      expectObservable(topic, '-^----!').toBe('-');
      expectObservable(topic, '---^-----!').toBe('-');
      expectObservable(client.topic('a/+'), '----^-!').toBe('-');
      disconnectAt(client, 11);
    });
  });

  it('multicasts: every observer of a filter gets each message once', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      connectAt(client, 0);
      cold('--a-b').subscribe((v) => broker.publish('a/' + v, v));
      expectObservable(client.topic('a/+').pipe(map(text)), '^').toBe('--a-b-----|', { a: 'a/a=a', b: 'a/b=b' });
      expectObservable(client.topic('a/+').pipe(map(text)), '---^').toBe('----b-----|', { b: 'a/b=b' });
      disconnectAt(client, 10);
    });
  });

  it('routes overlapping and wildcard filters: each filter gets its own copy; $SYS is not matched by # or +', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      connectAt(client, 0);
      // topics published at 2, 3, 4, 5, 6
      cold('--abcde').subscribe((v) => broker.publish(({ a: 'a/b', b: 'a', c: 'a/b/c', d: '$SYS/load', e: 'x/b' } as { [k: string]: string })[v], v));
      const t = (filter: string) => client.topic(filter).pipe(map((m) => m.topic));
      const topics = { a: 'a/b', b: 'a', c: 'a/b/c', d: '$SYS/load', e: 'x/b' };
      expectObservable(t('a/+'), '^').toBe('   --a-------|', topics);
      expectObservable(t('a/#'), '^').toBe('   --abc-----|', topics);
      expectObservable(t('#'), '^').toBe('     --abc-e---|', topics);
      expectObservable(t('+/b'), '^').toBe('   --a---e---|', topics);
      expectObservable(t('$SYS/#'), '^').toBe('-----d----|', topics);
      expectObservable(t('a/b/c'), '^').toBe(' ----c-----|', topics);
      disconnectAt(client, 10);
    });
  });

  it('sends the subscriptions made before connect() in one SUBSCRIBE after the CONNACK', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({}, { delay: 3 });
      expectObservable(receivedLetters(broker)).toBe('-C--S-----D', LETTERS);
      expectObservable(client.topic('a', { qos: 1 }), '^').toBe('----------|');
      expectObservable(client.topic('b/#'), '^').toBe('----------|');
      connectAt(client, 1);
      disconnectAt(client, 10);
    });
  });

  it('one SUBSCRIBE carries every pending filter with its QoS', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient();
      client.topic('a', { qos: 1 }).subscribe();
      client.topic('b/#').subscribe();
      connectAt(client, 0);
      disconnectAt(client, 5);
      flush();
      expect(broker.packets('subscribe')).toEqual([
        { type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a', qos: 1 }, { topic: 'b/#', qos: 0 }] },
      ]);
    });
  });

  it('upgrades a shared filter to the highest QoS asked for, and does not lower it while observed', () => {
    testScheduler().run(({ flush, expectObservable }) => {
      const { broker, client } = virtualClient();
      expectObservable(receivedLetters(broker)).toBe('CS-S-----U--D', LETTERS);
      connectAt(client, 0);
      expectObservable(client.topic('x', { qos: 0 }), '-^-------!').toBe('-');
      expectObservable(client.topic('x', { qos: 1 }), '---^--!').toBe('-');
      expectObservable(client.topic('x', { qos: 0 }), '-----^---!').toBe('-');
      disconnectAt(client, 12);
      flush();
      const subs = broker.packets('subscribe').map((p: SubscribePacket) => p.subscriptions);
      expect(subs).toEqual([[{ topic: 'x', qos: 0 }], [{ topic: 'x', qos: 1 }]]);
    });
  });

  it('delivers at the upgraded QoS once the broker granted it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      connectAt(client, 0);
      cold('-----x').subscribe(() => broker.publish('x', 'hi', { qos: 1 }));
      const qos = map((m: { qos: number }) => m.qos);
      expectObservable(client.topic('x', { qos: 0 }).pipe(qos), '-^').toBe('-----1----|', { 1: 1 });
      expectObservable(client.topic('x', { qos: 1 }).pipe(qos), '--^').toBe('-----1----|', { 1: 1 });
      disconnectAt(client, 10);
    });
  });

  it('errors the observers of a filter the broker refuses (SUBACK 0x80), not the others', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.refuseSubscription('secret/#');
      expectObservable(receivedLetters(broker)).toBe('C(SS)---D', LETTERS);
      connectAt(client, 0);
      const refused = { name: 'SubscriptionRefusedError', code: 'SUBSCRIPTION_REFUSED', message: 'the broker refused the subscription to "secret/#"' };
      expectObservable(shaped(client.topic('secret/#')), '-^').toBe('-#', undefined, refused);
      expectObservable(shaped(client.topic('secret/#')), '-^').toBe('-#', undefined, refused);
      expectObservable(client.topic('open').pipe(map(text)), '-^').toBe('---a----|', { a: 'open=x' });
      cold('---x').subscribe(() => broker.publish('open', 'x'));
      disconnectAt(client, 8);
    });
  });

  it('a later topic() on a refused filter tries again with a fresh SUBSCRIBE', () => {
    testScheduler().run(({ cold, flush }) => {
      const { broker, client } = virtualClient();
      broker.refuseSubscription('s');
      connectAt(client, 0);
      const errors: string[] = [];
      cold('-a-b').subscribe(() => client.topic('s').subscribe({ error: (e) => errors.push(e.code) }));
      disconnectAt(client, 6);
      flush();
      expect(errors).toEqual(['SUBSCRIPTION_REFUSED', 'SUBSCRIPTION_REFUSED']);
      expect(broker.packets('subscribe').length).toBe(2);
      expect(broker.packets('unsubscribe').length).toBe(0);
    });
  });

  it('without reconnect, errors with SUBACK_TIMEOUT when no SUBACK comes within the response timeout', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ responseTimeout: 50, reconnect: false });
      broker.answers.suback = false;
      connectAt(client, 0);
      expectObservable(shaped(client.topic('a')), '-^').toBe('- 50ms #', undefined, {
        name: 'MqttTimeoutError',
        code: 'SUBACK_TIMEOUT',
        message: 'no SUBACK for packet 1 within 50 ms',
      });
      disconnectAt(client, 100);
    });
  });

  it('checks filter and options at call time', () => {
    const { client } = virtualClient();
    expectThrows(() => client.topic(''), RangeError, 'topic filter "" is empty [MQTT-4.7.3-1]');
    expectThrows(() => client.topic('a/#/b'), RangeError, 'topic filter "a/#/b" "#" must be a whole level and the last one [MQTT-4.7.1-2]');
    expectThrows(() => client.topic('a+'), RangeError, 'topic filter "a+" "+" must be a whole level [MQTT-4.7.1-3]');
    expectThrows(() => client.topic(7 as unknown as string), TypeError, 'topic filter must be a string, got number');
    expectThrows(() => client.topic('a', { qos: 3 as 0 }), RangeError, 'qos must be 0, 1 or 2, got 3');
    expectThrows(() => client.topic('a', { qos: '1' as unknown as 0 }), TypeError, 'qos must be a number, got string');
    expectThrows(() => client.topic('a', 5 as never), TypeError, 'topic options must be an object');
  });
});

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
