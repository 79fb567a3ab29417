import type { MqttClient } from '../../../../lib/client/types';
import type { VirtualBroker } from '../../../../adapters/virtual/virtual-broker';
import { disconnectAt, testScheduler, virtualClient } from '../support/harness';
import { at } from '../support/resilience';

/** The PUBLISHes the broker received as `topic@alias` (`-` for none). */
function sent(broker: VirtualBroker): string[] {
  return broker.packets('publish').map((p) => p.topic + '@' + (p.properties && p.properties.topicAlias !== undefined ? p.properties.topicAlias : '-'));
}

function publishEach(client: MqttClient, topics: string[], outcomes: string[] = []): string[] {
  for (const topic of topics) {
    client.publish(topic, 'x', { qos: 1 }).subscribe({ next: (r) => outcomes.push(topic + ':' + r.ok), error: (e) => outcomes.push(topic + ':' + e.code) });
  }
  return outcomes;
}

describe('MQTT 5 automatic outbound topic aliases', () => {
  it('aliases repeated topics up to the server maximum, reassigning the least recently used alias', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.connackProperties = { topicAliasMaximum: 2 };
      client.connect().subscribe();
      at(2, () => publishEach(client, ['a', 'a', 'b', 'c', 'a', 'c']));
      disconnectAt(client, 10);
      flush();
      // a→1, b→2; c takes 1 (a used longest ago), a then takes 2 (b)
      expect(sent(broker)).toEqual(['a@1', '@1', 'b@2', 'c@1', 'a@2', '@1']);
    });
  });

  it('starts again on each connection: the first PUBLISH of a topic (a re-sent one too) carries it with its alias', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, reconnect: { initialDelay: 10, jitter: 0 } }, { delay: 1 });
      broker.connackProperties = { topicAliasMaximum: 5 };
      client.connect().subscribe();
      at(2, () => {
        broker.answers.puback = false; // unacknowledged: re-sent after the reconnect
        publishEach(client, ['a', 'b', 'b']);
      });
      at(5, () => {
        broker.cut();
        broker.answers.puback = true;
      });
      at(20, () => publishEach(client, ['b', 'a']));
      disconnectAt(client, 30);
      flush();
      // first connection | the re-sent three on the second, aliases set again | later ones use them
      expect(sent(broker)).toEqual(['a@1', 'b@2', '@2', 'a@1', 'b@2', '@2', '@2', '@1']);
    });
  });

  it('sends no alias when the server takes none (no topicAliasMaximum)', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      client.connect().subscribe();
      at(2, () => publishEach(client, ['a', 'a']));
      disconnectAt(client, 10);
      flush();
      expect(sent(broker)).toEqual(['a@-', 'a@-']);
    });
  });

  it('honours a topicAlias the application gives within the server maximum, refuses one over it with INVALID_TOPIC_ALIAS', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.connackProperties = { topicAliasMaximum: 3 };
      const outcomes: string[] = [];
      client.connect().subscribe();
      at(2, () => {
        client.publish('a', 'x', { qos: 1, properties: { topicAlias: 3 } }).subscribe((r) => outcomes.push('a:' + r.ok));
        client.publish('z', 'x', { qos: 1, properties: { topicAlias: 4 } }).subscribe({ error: (e) => outcomes.push('z:' + e.code) });
        publishEach(client, ['a', 'b'], outcomes);
      });
      disconnectAt(client, 10);
      flush();
      expect(sent(broker)).toEqual(['a@3', '@3', 'b@1']);
      expect(outcomes.sort()).toEqual(['a:true', 'a:true', 'b:true', 'z:INVALID_TOPIC_ALIAS']);
    });
  });

  it('re-sends a publication without its given topicAlias to a server that takes fewer aliases', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5, reconnect: { initialDelay: 10, jitter: 0 } }, { delay: 1 });
      broker.connackProperties = { topicAliasMaximum: 3 };
      broker.answers.puback = false;
      client.connect().subscribe();
      at(2, () => client.publish('a', 'x', { qos: 1, properties: { topicAlias: 3, contentType: 'c' } }).subscribe());
      at(5, () => {
        broker.connackProperties = {};
        broker.answers.puback = true;
        broker.cut();
      });
      disconnectAt(client, 30);
      flush();
      expect(broker.packets('publish').map((p) => [p.topic, p.properties])).toEqual([
        ['a', { topicAlias: 3, contentType: 'c' }],
        ['a', { contentType: 'c' }],
      ]);
    });
  });

  it('refuses a given topicAlias with INVALID_TOPIC_ALIAS when the server takes no aliases', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      let code = '';
      client.connect().subscribe();
      at(2, () => client.publish('a', 'x', { properties: { topicAlias: 1 } }).subscribe({ error: (e) => (code = e.code) }));
      disconnectAt(client, 10);
      flush();
      expect(code).toBe('INVALID_TOPIC_ALIAS');
      expect(broker.packets('publish')).toEqual([]);
    });
  });
});
