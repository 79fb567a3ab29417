import { disconnectAt, testScheduler, virtualClient } from '../support/harness';
import { at } from '../support/resilience';

describe('MQTT 5 Message Expiry Interval of publications waiting in the offline queue [MQTT-3.3.2-6]', () => {
  it('drops one that expired while offline (MESSAGE_EXPIRED, counted in offlineDrops) and sends the others with the interval reduced by the wait', () => {
    testScheduler().run(({ flush }) => {
      // the link breaks at 1 s; the reconnect comes 7 s later
      const { broker, client } = virtualClient({ protocolVersion: 5, reconnect: { initialDelay: 7000, jitter: 0 } }, { delay: 1 });
      const outcomes: string[] = [];
      const record = (name: string) => ({
        next: (r: { ok: boolean }) => outcomes.push(name + ':' + r.ok),
        error: (e: { code: string; message: string }) => outcomes.push(name + ':' + e.code + ':' + e.message),
      });
      client.connect().subscribe();
      at(1000, () => broker.cut());
      at(1500, () => {
        client.publish('short', 'x', { qos: 1, properties: { messageExpiryInterval: 5 } }).subscribe(record('short'));
        client.publish('long', 'x', { qos: 1, properties: { messageExpiryInterval: 60, contentType: 'text/plain' } }).subscribe(record('long'));
        client.publish('qos0', 'x', { properties: { messageExpiryInterval: 100 } }).subscribe(record('qos0'));
        client.publish('plain', 'x', { qos: 1 }).subscribe(record('plain'));
      });
      disconnectAt(client, 9000);
      flush();
      // sent at 8001 ms, after 6.5 s in the queue: 6 whole seconds off
      expect(broker.packets('publish').map((p) => [p.topic, p.properties])).toEqual([
        ['long', { messageExpiryInterval: 54, contentType: 'text/plain' }],
        ['qos0', { messageExpiryInterval: 94 }],
        ['plain', undefined],
      ]);
      expect(outcomes).toEqual([
        'short:MESSAGE_EXPIRED:the publication expired while it waited to be sent (messageExpiryInterval 5 s)',
        'qos0:true',
        'long:true',
        'plain:true',
      ]);
      expect(client.stats.offlineDrops).toBe(1);
    });
  });

  it('sends a publication that did not wait as given', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      client.connect().subscribe();
      at(3000, () => client.publish('now', 'x', { qos: 1, properties: { messageExpiryInterval: 2 } }).subscribe());
      disconnectAt(client, 4000);
      flush();
      expect(broker.packets('publish').map((p) => p.properties)).toEqual([{ messageExpiryInterval: 2 }]);
    });
  });
});
