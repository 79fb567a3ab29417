import { map } from 'rxjs';
import { VirtualBroker } from '../../../../adapters/virtual';
import { createClient } from '../../../../lib/client/create-client';
import type { MqttClient } from '../../../../lib/client/types';
import { connectAt, disconnectAt, testScheduler, text, virtualClient } from '../support/harness';

/** Three clients of one virtual broker, named c0, c1, c2. */
function threeClients(): { broker: VirtualBroker; clients: MqttClient[] } {
  const broker = new VirtualBroker();
  const clients = [0, 1, 2].map((i) => createClient({ transport: broker.transport, clientId: 'c' + i }));
  return { broker, clients };
}

describe('client.topic() with shared subscriptions ($share/{ShareName}/{filter})', () => {
  it('routes by the filter after the ShareName; the virtual broker hands each message to one member in turn', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, clients } = threeClients();
      clients.forEach((c) => connectAt(c, 0));
      cold('--abcdef').subscribe((v) => broker.publish('jobs/' + v, v));
      const shared = (c: MqttClient) => c.topic('$share/workers/jobs/+').pipe(map(text));
      const v = { a: 'jobs/a=a', b: 'jobs/b=b', c: 'jobs/c=c', d: 'jobs/d=d', e: 'jobs/e=e', f: 'jobs/f=f' };
      expectObservable(shared(clients[0]), '^').toBe('--a--d---|', v);
      expectObservable(shared(clients[1]), '^').toBe('---b--e--|', v);
      expectObservable(shared(clients[2]), '^').toBe('----c--f-|', v);
      clients.forEach((c) => disconnectAt(c, 9));
    });
  });

  it('sends the whole $share filter in SUBSCRIBE and UNSUBSCRIBE', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient();
      expectObservable(
        broker.received$.pipe(map((p) => (p.type === 'subscribe' ? 'S' + p.subscriptions[0].topic : p.type === 'unsubscribe' ? 'U' + p.topics[0] : p.type))),
      ).toBe('(cS)U-d', { c: 'connect', S: 'S$share/g/a/#', U: 'U$share/g/a/#', d: 'disconnect' });
      connectAt(client, 0);
      expectObservable(client.topic('$share/g/a/#', { qos: 1 }), '^---!').toBe('-');
      disconnectAt(client, 6);
    });
  });

  it('a message matching a plain filter and a shared one of the same client reaches both observers', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      connectAt(client, 0);
      cold('--a').subscribe((v) => broker.publish('x/' + v, v));
      // the virtual broker sends one copy for the plain subscription and one for the group
      expectObservable(client.topic('x/a').pipe(map(text)), '^').toBe('--(ab)---|', { a: 'x/a=a', b: 'x/a=a' });
      expectObservable(client.topic('$share/g/x/+').pipe(map(text)), '^').toBe('--(ab)---|', { a: 'x/a=a', b: 'x/a=a' });
      disconnectAt(client, 9);
    });
  });

  it('two groups on the same filter each get their copy; leaving one group keeps the other routed', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      connectAt(client, 0);
      cold('--a---b').subscribe((v) => broker.publish('x', v));
      // each observer sees both copies of `a` (3.1.1 does not say which subscription a PUBLISH came through)
      expectObservable(client.topic('$share/g/x').pipe(map(text)), '^---!').toBe('--(aa)', { a: 'x=a' });
      expectObservable(client.topic('$share/h/x').pipe(map(text)), '^').toBe('--(aa)b--|', { a: 'x=a', b: 'x=b' });
      disconnectAt(client, 9);
    });
  });

  it('does not send retained messages to a shared subscription [MQTT-4.8.2]', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.publish('r', 'kept', { retain: true });
      connectAt(client, 0);
      expectObservable(client.topic('$share/g/r').pipe(map(text)), '^').toBe('-----|');
      // a plain subscription made later, from another client, does get it
      const other = createClient({ transport: broker.transport, clientId: 'other' });
      connectAt(other, 2);
      expectObservable(other.topic('r').pipe(map(text)), '^').toBe('--a--|', { a: 'r=kept' });
      disconnectAt(client, 5);
      disconnectAt(other, 5);
    });
  });

  it.each([
    ['$share/', /needs a ShareName/],
    ['$share/g', /needs a topic filter after the ShareName/],
    ['$share/+/a', /must not contain "\+"/],
    ['$share/g#/a', /must not contain "#"/],
  ])('topic(%j) throws a RangeError at call time', (filter, message) => {
    const { client } = virtualClient();
    expect(() => client.topic(filter)).toThrow(RangeError);
    expect(() => client.topic(filter)).toThrow(message);
  });
});
