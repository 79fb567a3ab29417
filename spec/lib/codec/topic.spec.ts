import { assertTopicFilter, assertTopicName, topicMatchesFilter } from '../../../lib/codec/topic';

describe('topicMatchesFilter', () => {
  // [filter, topic, matches] — the examples of [MQTT-4.7] and edge cases around them.
  const table: [string, string, boolean][] = [
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/b', 'a/bc', false],
    ['a/bc', 'a/b', false],
    ['a/b', 'a/b/c', false],
    ['a/b/c', 'a/b', false],
    ['a/b', 'A/b', false],
    ['sport/tennis/player1/#', 'sport/tennis/player1', true],
    ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
    ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true],
    ['sport/tennis/player1/#', 'sport/tennis/player2', false],
    ['sport/#', 'sport', true],
    ['sport/#', 'sports', false],
    ['#', 'a', true],
    ['#', 'a/b/c', true],
    ['#', '/', true],
    ['sport/tennis/+', 'sport/tennis/player1', true],
    ['sport/tennis/+', 'sport/tennis/player2', true],
    ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
    ['sport/+', 'sport', false],
    ['sport/+', 'sport/', true],
    ['+', 'a', true],
    ['+', 'a/b', false],
    ['+', '/finance', false],
    ['+/+', '/finance', true],
    ['/+', '/finance', true],
    ['+/tennis/#', 'sport/tennis/player1', true],
    ['+/tennis/#', 'sport/tennis', true],
    ['+/+/+', 'a/b/c', true],
    ['+/+/+', 'a/b', false],
    ['a/+/c', 'a//c', true],
    ['a//c', 'a//c', true],
    ['a//c', 'a/b/c', false],
    ['a/', 'a/', true],
    ['a/', 'a', false],
    ['a', 'a/', false],
    ['a/#', 'a/', true],
    ['/#', '/', true],
    ['/#', 'a', false],
    // [MQTT-4.7.2-1]: a leading wildcard does not match $-topics
    ['#', '$SYS/broker/load', false],
    ['+/monitor/Clients', '$SYS/monitor/Clients', false],
    ['$SYS/#', '$SYS/monitor/Clients', true],
    ['$SYS/monitor/+', '$SYS/monitor/Clients', true],
    ['$SYS/+/Clients', '$SYS/monitor/Clients', true],
    ['a/#', 'a/$SYS', true],
    ['+/$x', 'a/$x', true],
    ['é/+', 'é/€', true],
  ];
  it.each(table)('%s vs %s is %s', (filter, topic, expected) => {
    expect(topicMatchesFilter(filter, topic)).toBe(expected);
  });
});

describe('assertTopicName', () => {
  it.each(['a', 'a/b', '/', '$SYS/x', 'é€𝄞', ' ', 'a'.repeat(65535)])('accepts %j', (t) => {
    expect(() => assertTopicName(t)).not.toThrow();
  });

  it.each([
    ['', /topic name "" is empty \[MQTT-4\.7\.3-1\]/],
    ['a/+', /contains the wildcard "\+" \[MQTT-3\.3\.2-2\]/],
    ['#', /contains the wildcard "#" \[MQTT-3\.3\.2-2\]/],
    ['a\u0000b', /contains U\+0000 \[MQTT-4\.7\.3-2\]/],
    ['a\ud800', /contains a lone surrogate \[MQTT-1\.5\.3-1\]/],
    ['a'.repeat(65536), /is 65536 bytes long, over 65535 \[MQTT-4\.7\.3-3\]/],
    ['€'.repeat(21846), /is 65538 bytes long/],
  ])('refuses %j with a RangeError', (t, message) => {
    expect(() => assertTopicName(t)).toThrow(RangeError);
    expect(() => assertTopicName(t)).toThrow(message);
  });

  it('refuses a non-string with a TypeError', () => {
    expect(() => assertTopicName(42)).toThrow(new TypeError('topic name must be a string, got number'));
  });
});

describe('assertTopicFilter', () => {
  it.each(['a', '#', '+', 'a/#', 'a/+', '+/+', '+/a/#', '/', '//', '/#', '$SYS/#', 'a/+/b'])('accepts %j', (f) => {
    expect(() => assertTopicFilter(f)).not.toThrow();
  });

  it.each([
    ['', /is empty/],
    ['a#', /"#" must be a whole level and the last one \[MQTT-4\.7\.1-2\]/],
    ['a/#/b', /"#" must be a whole level and the last one/],
    ['#/', /"#" must be a whole level and the last one/],
    ['a+', /"\+" must be a whole level \[MQTT-4\.7\.1-3\]/],
    ['+a', /"\+" must be a whole level/],
    ['a/+b/c', /"\+" must be a whole level/],
    ['a\u0000', /contains U\+0000/],
    ['\udc00', /lone surrogate/],
  ])('refuses %j with a RangeError', (f, message) => {
    expect(() => assertTopicFilter(f)).toThrow(RangeError);
    expect(() => assertTopicFilter(f)).toThrow(message);
  });

  it('refuses a non-string with a TypeError', () => {
    expect(() => assertTopicFilter(undefined)).toThrow(new TypeError('topic filter must be a string, got undefined'));
  });
});
