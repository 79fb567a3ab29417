import { filterWithin, publishRefusal, subscribeRefusal } from '../../../lib/gateway/node-reach';

const guarded = { reports: ['gw_errors', 'gw_status'], inputs: ['gw_query'] };
const reach = { publish: ['nodes/A/#'], subscribe: ['nodes/A/#', 'allnodes'] };

describe('filterWithin', () => {
  it.each([
    ['nodes/A/#', 'nodes/A/cmd', true],
    ['nodes/A/#', 'nodes/A', true],
    ['nodes/A/#', 'nodes/A/+', true],
    ['nodes/A/#', 'nodes/A/#', true],
    ['nodes/A/#', 'nodes/+/cmd', false],
    ['nodes/A/#', '#', false],
    ['sensors/+', 'sensors/t', true],
    ['sensors/+', 'sensors/#', false],
    ['sensors/+', 'sensors/t/x', false],
    ['allnodes', 'allnodes', true],
  ])('%s covers %s: %s', (allowed, requested, expected) => {
    expect(filterWithin(allowed, requested)).toBe(expected);
  });
});

describe('publishRefusal', () => {
  it('allows its own subtree', () => expect(publishRefusal('nodes/A/temp', reach, guarded)).toBeNull());
  it('refuses another node’s subtree', () => expect(publishRefusal('nodes/B/temp', reach, guarded)).toBe('outside its reach'));
  it('refuses $-topics even when the reach says #', () => {
    expect(publishRefusal('$SYS/broker/x', { publish: ['#'], subscribe: [] }, guarded)).toBe('a $-topic');
  });
  it('refuses the gateway’s own topics even when the reach says #', () => {
    for (const topic of ['gw_status', 'gw_errors', 'gw_query']) {
      expect(publishRefusal(topic, { publish: ['#'], subscribe: [] }, guarded)).toBe("one of the gateway's own topics");
    }
  });
});

describe('subscribeRefusal', () => {
  it('allows filters within its reach', () => {
    expect(subscribeRefusal('nodes/A/cmd', reach, guarded)).toBeNull();
    expect(subscribeRefusal('allnodes', reach, guarded)).toBeNull();
  });
  it('refuses # and $SYS/# whatever the reach', () => {
    const all = { publish: [], subscribe: ['#'] };
    expect(subscribeRefusal('#', all, guarded)).toBe("it matches the gateway's own topic gw_errors");
    expect(subscribeRefusal('$SYS/#', all, guarded)).toBe('a $-filter');
    expect(subscribeRefusal('+', all, guarded)).toMatch(/gateway's own topic/);
    expect(subscribeRefusal('sensors/#', all, guarded)).toBeNull();
  });
  it('refuses filters outside the reach', () => expect(subscribeRefusal('nodes/+/cmd', reach, guarded)).toBe('outside its reach'));
});
