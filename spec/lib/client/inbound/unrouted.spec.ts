import { connectAt, testScheduler, virtualClient } from '../support/harness';
import { at } from '../support/resilience';

describe('stats.unrouted', () => {
  it('counts the messages no observer took (no matching topic() and no messages$), and only those', () => {
    testScheduler().run(() => {
      const { broker, client } = virtualClient({ keepalive: 0 });
      connectAt(client, 0);
      const inject = (topic: string) => broker.send({ type: 'publish', topic, payload: new Uint8Array(1), qos: 1, packetId: 7, retain: false, dup: false });
      at(10, () => inject('nobody/listens')); // e.g. right after CONNACK of a present session
      at(20, () => client.topic('a/+').subscribe());
      at(30, () => inject('a/b'));
      at(40, () => inject('b'));
      at(50, () => {
        expect(client.stats.unrouted).toBe(2);
        client.messages$.subscribe();
      });
      at(60, () => inject('c'));
      at(70, () => {
        expect(client.stats.unrouted).toBe(2);
        expect(broker.packets('puback').length).toBe(4); // acknowledged all the same: the broker did its part
        client.disconnect({ force: true }).subscribe();
      });
    });
  });
});
