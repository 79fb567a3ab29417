import type { MqttMessage } from '../../../lib/client/types';
import { NodeSubscriptions } from '../../../lib/gateway/node-subscriptions';
import { FakeClient } from './support/fake-client';

describe('NodeSubscriptions', () => {
  let client: FakeClient;
  let routed: Array<{ nodes: string[]; topic: string }>;
  let failures: Array<{ filter: string; error: unknown }>;
  let router: NodeSubscriptions;

  beforeEach(() => {
    client = new FakeClient();
    routed = [];
    failures = [];
    router = new NodeSubscriptions(
      client,
      2,
      (nodes: string[], m: MqttMessage) => routed.push({ nodes, topic: m.topic }),
      (filter, error) => failures.push({ filter, error }),
    );
  });

  it('holds one broker subscription per filter, shared by its nodes', () => {
    expect(router.add('n1', 'foo', 1)).toBe('added');
    expect(router.add('n2', 'foo', 1)).toBe('joined');
    expect(router.add('n1', 'foo', 1)).toBe('known');
    expect(client.subscribes).toEqual([{ filter: 'foo', qos: 1 }]);
    expect(router.count).toBe(1);
    client.deliver('foo', 'x');
    expect(routed).toEqual([{ nodes: ['n1', 'n2'], topic: 'foo' }]);
  });

  it('routes wildcard matches with their real topic', () => {
    router.add('n1', 'sensors/+', 0);
    client.deliver('sensors/shed', 'x');
    client.deliver('other', 'y');
    expect(routed).toEqual([{ nodes: ['n1'], topic: 'sensors/shed' }]);
  });

  it('refuses filters past its limit without subscribing', () => {
    router.add('n1', 'a', 0);
    router.add('n1', 'b', 0);
    expect(router.add('n1', 'c', 0)).toBe('limit');
    expect(client.subscribes.map((s) => s.filter)).toEqual(['a', 'b']);
  });

  it('reports a refused subscription and forgets it, so a later add tries again', () => {
    client.refuse.bad = true;
    expect(router.add('n1', 'bad', 1)).toBe('added');
    expect(router.count).toBe(0);
    expect(failures.map((f) => [f.filter, (f.error as { code: string }).code])).toEqual([['bad', 'SUBSCRIPTION_REFUSED']]);
    client.refuse.bad = false;
    expect(router.add('n1', 'bad', 1)).toBe('added');
    expect(client.subscribes.map((s) => s.filter)).toEqual(['bad']);
  });

  it('reports a filter the client refuses at call time, without throwing', () => {
    client.topic = () => {
      throw new RangeError('topic filter "x" is bad');
    };
    expect(router.add('n1', 'x', 0)).toBe('added');
    expect(router.count).toBe(0);
    expect(failures.map((f) => [f.filter, (f.error as Error).message])).toEqual([['x', 'topic filter "x" is bad']]);
  });

  it('removes an expired node, unsubscribing the filters no other node holds', () => {
    router.add('n1', 'a', 0);
    router.add('n2', 'a', 0);
    router.add('n1', 'b', 0);
    router.removeNode('n1');
    expect(client.unsubscribes).toEqual(['b']);
    expect(router.count).toBe(1);
    client.deliver('a', 'x');
    expect(routed).toEqual([{ nodes: ['n2'], topic: 'a' }]);
  });

  it('unsubscribes every filter on close', () => {
    router.add('n1', 'a', 0);
    router.add('n2', 'b', 0);
    router.close();
    expect(client.unsubscribes).toEqual(['a', 'b']);
    expect(router.count).toBe(0);
  });
});
