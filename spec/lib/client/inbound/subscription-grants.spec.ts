import { timer } from 'rxjs';
import { shaped, testScheduler, virtualClient } from '../support/harness';

/**
 * `topic(...).granted$`: what the broker granted a filter, replayed to late followers and
 * renewed by every SUBACK, ending with the subscription.
 *
 *   g   a grant { filter, qos }       |   the subscription ended   #   refused / timed out
 */
describe('topic(...).granted$', () => {
  it('replays the latest grant, renews it after a reconnect, completes when the last observer leaves', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0, reconnect: { initialDelay: 10, random: () => 0.5 } });
      const temps = client.topic('sensors/#', { qos: 1 });
      const g = { g: { filter: 'sensors/#', qos: 1 } };
      expectObservable(temps.granted$).toBe('g 39ms g 9ms |', g);
      expectObservable(temps.granted$, '20ms ^').toBe('20ms g 19ms g 9ms |', g);
      const observer = temps.subscribe();
      client.connect().subscribe();
      timer(30).subscribe(() => broker.cut());
      timer(50).subscribe(() => observer.unsubscribe());
      timer(60).subscribe(() => client.disconnect().subscribe());
    });
  });

  it('says the QoS the broker granted, which may be lower than asked', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0 });
      broker.answers.suback = false;
      broker.received$.subscribe((packet) => {
        if (packet.type === 'subscribe') broker.send({ type: 'suback', packetId: packet.packetId, granted: [0] });
      });
      const commands = client.topic('devices/42/commands', { qos: 2 });
      expectObservable(commands.granted$, '^ 9ms !').toBe('g', { g: { filter: 'devices/42/commands', qos: 0 } });
      commands.subscribe();
      client.connect().subscribe();
      timer(10).subscribe(() => client.disconnect().subscribe());
    });
  });

  it('errors as the topic does when the broker refuses the filter', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0 });
      broker.refuseSubscription('$SYS/#');
      const system = client.topic('$SYS/#');
      const refused = { name: 'SubscriptionRefusedError', code: 'SUBSCRIPTION_REFUSED', message: expect.stringContaining('$SYS/#') };
      expectObservable(shaped(system.granted$)).toBe('#', undefined, refused);
      expectObservable(shaped(system)).toBe('#', undefined, refused);
      client.connect().subscribe();
      timer(10).subscribe(() => client.disconnect().subscribe());
    });
  });

  it('does not subscribe by itself: following grants of an unobserved filter sends nothing', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0 });
      expectObservable(client.topic('a/b').granted$, '^ 9ms !').toBe('');
      client.connect().subscribe();
      timer(10).subscribe(() => {
        expect(broker.packets('subscribe')).toEqual([]);
        client.disconnect().subscribe();
      });
    });
  });
});
