import { assertSubscriptionFilter, matchingFilter, parseSharedFilter, sharedFilterProblem } from '../../../lib/codec/shared-subscription';

describe('shared subscriptions [MQTT-4.8.2]', () => {
  it.each([
    ['$share/g/a/b', { group: 'g', filter: 'a/b' }],
    ['$share/g/#', { group: 'g', filter: '#' }],
    ['$share/g/$SYS/x', { group: 'g', filter: '$SYS/x' }],
    ['$share/g', { group: 'g', filter: '' }],
    ['$share//a', { group: '', filter: 'a' }],
  ])('parseSharedFilter(%j) splits the ShareName from the filter', (filter, parts) => {
    expect(parseSharedFilter(filter)).toEqual(parts);
  });

  it.each(['a/b', '$share', '$SHARE/g/a', 'x/$share/g/a', '$shared/g/a'])('parseSharedFilter(%j) is null: not shared', (filter) => {
    expect(parseSharedFilter(filter)).toBeNull();
    expect(matchingFilter(filter)).toBe(filter);
    expect(sharedFilterProblem(filter)).toBeNull();
  });

  it('matchingFilter is the filter after the ShareName', () => {
    expect(matchingFilter('$share/workers/jobs/+/run')).toBe('jobs/+/run');
  });

  it.each(['$share/g/a', '$share/g/+', '$share/g/#', '$share/group-1/a/+/b/#', '$share/g/$SYS/#'])('accepts %j', (filter) => {
    expect(sharedFilterProblem(filter)).toBeNull();
    expect(() => assertSubscriptionFilter(filter)).not.toThrow();
  });

  it.each([
    ['$share/', 'topic filter "$share/" needs a ShareName after "$share/" [MQTT-4.8.2-1]'],
    ['$share//a', 'topic filter "$share//a" needs a ShareName after "$share/" [MQTT-4.8.2-1]'],
    ['$share/g', 'topic filter "$share/g" needs a topic filter after the ShareName: $share/g/<filter> [MQTT-4.8.2-2]'],
    ['$share/g/', 'topic filter "$share/g/" has an empty topic filter after the ShareName [MQTT-4.8.2-2]'],
    ['$share/+/a', 'topic filter "$share/+/a" ShareName "+" must not contain "+" [MQTT-4.8.2-2]'],
    ['$share/#', 'topic filter "$share/#" ShareName "#" must not contain "#" [MQTT-4.8.2-2]'],
    ['$share/a+b/c', 'topic filter "$share/a+b/c" ShareName "a+b" must not contain "+" [MQTT-4.8.2-2]'],
  ])('refuses %j with a RangeError', (filter, message) => {
    expect(sharedFilterProblem(filter)).not.toBeNull();
    expect(() => assertSubscriptionFilter(filter)).toThrow(new RangeError(message));
  });

  it('still checks the wildcards of the filter after the ShareName', () => {
    expect(() => assertSubscriptionFilter('$share/g/a/#/b')).toThrow(/"#" must be a whole level/);
  });
});
