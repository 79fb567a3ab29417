import type { MqttMessage } from '../../../lib/client/types';
import { HeldSubscription } from '../../../lib/gateway/held-subscription';
import { FakeClient } from './support/fake-client';

describe('HeldSubscription', () => {
  let client: FakeClient;
  let got: string[];
  let failures: Array<[string, boolean]>;
  const make = (filter: string): HeldSubscription =>
    new HeldSubscription(client, filter, 1, (m: MqttMessage) => got.push(m.topic), (e, final) => failures.push([(e as { code: string }).code, final]));

  beforeEach(() => {
    client = new FakeClient();
    got = [];
    failures = [];
  });

  it('subscribes at once and delivers matching messages', () => {
    make('a/+');
    client.deliver('a/b', 'x');
    expect(client.subscribes).toEqual([{ filter: 'a/+', qos: 1 }]);
    expect(got).toEqual(['a/b']);
  });

  it('renews a subscription lost with the connection on revive, and only then', () => {
    const held = make('a');
    held.revive();
    expect(client.subscribes.length).toBe(1);
    client.loseConnection();
    expect(failures).toEqual([['CONNECTION_LOST', false]]);
    expect(held.ended).toBe(false);
    client.setConnected(true);
    held.revive();
    held.revive();
    expect(client.subscribes).toEqual([{ filter: 'a', qos: 1 }, { filter: 'a', qos: 1 }]);
    client.deliver('a', 'x');
    expect(got).toEqual(['a']);
  });

  it('ends for good on a refusal', () => {
    client.refuse.a = true;
    const held = make('a');
    expect(failures).toEqual([['SUBSCRIPTION_REFUSED', true]]);
    expect(held.ended).toBe(true);
    client.refuse.a = false;
    held.revive();
    expect(client.subscribes).toEqual([]);
  });

  it('unsubscribes on close and stays closed', () => {
    const held = make('a');
    held.close();
    held.revive();
    expect(client.unsubscribes).toEqual(['a']);
    expect(client.subscribes.length).toBe(1);
  });
});
