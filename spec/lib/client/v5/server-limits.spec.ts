import { publicationProblem, serverLimits, subscriptionProblem } from '../../../../lib/client/v5/server-limits';

describe('serverLimits', () => {
  it('fills in the spec defaults for what the CONNACK leaves out', () => {
    const defaults = {
      receiveMaximum: 65535, maximumQoS: 2, retainAvailable: true, maximumPacketSize: Infinity, topicAliasMaximum: 0,
      wildcardSubscriptionAvailable: true, subscriptionIdentifiersAvailable: true, sharedSubscriptionAvailable: true,
    };
    expect(serverLimits()).toEqual(defaults);
    expect(serverLimits({})).toEqual(defaults);
  });

  it('takes what the CONNACK sets', () => {
    expect(serverLimits({
      receiveMaximum: 10, maximumQoS: 0, retainAvailable: false, maximumPacketSize: 1000, topicAliasMaximum: 5,
      wildcardSubscriptionAvailable: false, subscriptionIdentifiersAvailable: false, sharedSubscriptionAvailable: false,
      serverKeepAlive: 20, assignedClientIdentifier: 'auto', sessionExpiryInterval: 60, reasonString: 'ignored',
    })).toEqual({
      receiveMaximum: 10, maximumQoS: 0, retainAvailable: false, maximumPacketSize: 1000, topicAliasMaximum: 5,
      wildcardSubscriptionAvailable: false, subscriptionIdentifiersAvailable: false, sharedSubscriptionAvailable: false,
      serverKeepAlive: 20, assignedClientIdentifier: 'auto', sessionExpiryInterval: 60,
    });
  });
});

describe('publicationProblem', () => {
  const limits = serverLimits({ maximumQoS: 1, retainAvailable: false, maximumPacketSize: 100 });

  it.each([
    [2, false, 10, 'QoS 2 is over the server\'s maximum QoS 1'],
    [1, true, 10, 'the server does not accept retained messages'],
    [0, false, 101, 'the packet is 101 bytes, over the server\'s maximum packet size 100'],
    [1, false, 100, null],
  ])('qos %i, retain %s, %i bytes: %s', (qos, retain, size, problem) => {
    expect(publicationProblem(limits, qos as 0 | 1 | 2, retain, size)).toBe(problem);
  });

  it('finds none under the defaults', () => {
    expect(publicationProblem(serverLimits(), 2, true, 268435460)).toBeNull();
  });
});

describe('subscriptionProblem', () => {
  const none = serverLimits({ wildcardSubscriptionAvailable: false, subscriptionIdentifiersAvailable: false, sharedSubscriptionAvailable: false });

  it.each([
    ['$share/g/a', false, 'the server does not support shared subscriptions'],
    ['a/+', false, 'the server does not support wildcard subscriptions'],
    ['a/#', false, 'the server does not support wildcard subscriptions'],
    ['a/b', true, 'the server does not support subscription identifiers'],
    ['a/b', false, null],
  ])('%s (identified: %s): %s', (filter, identified, problem) => {
    expect(subscriptionProblem(none, filter, identified)).toBe(problem);
  });

  it('finds none under the defaults', () => {
    expect(subscriptionProblem(serverLimits(), '$share/g/a/#', true)).toBeNull();
  });
});
