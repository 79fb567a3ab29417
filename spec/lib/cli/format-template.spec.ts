import { formatTemplate } from '../../../lib/cli/format-template';
import type { MqttMessage } from '../../../lib/client/types';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
const message = (topic: string, payload: string, qos: 0 | 1 | 2 = 1, retain = true): MqttMessage => ({
  topic,
  payload: new Uint8Array(Buffer.from(payload)),
  qos,
  retain,
  dup: false,
});
// 2026-12-07 01:31:54.949 UTC
const now = new Date(Date.UTC(2026, 11, 7, 1, 31, 54, 949));

describe('formatTemplate (sub -F)', () => {
  it('fills %t %p %q %r %l %m %x %X %% and the \\n \\t escapes', () => {
    expect(text(formatTemplate('%t|%p|%q|%r|%l|%m|%x|%X|%%|\\n|\\t|%z', message('r/b', '{"x":1}'), { now }))).toBe(
      'r/b|{"x":1}|1|1|7|0|7b2278223a317d|7B2278223A317D|%|\n|\t|%z',
    );
  });

  it('passes the payload bytes through untouched', () => {
    const binary: MqttMessage = { topic: 't', payload: new Uint8Array([0xff, 0x00, 0x80]), qos: 0, retain: false, dup: false };
    expect(Array.from(formatTemplate('<%p>', binary))).toEqual([0x3c, 0xff, 0x00, 0x80, 0x3e]);
  });

  it('writes %j with the payload as text and %J with the payload as JSON, as mosquitto_sub', () => {
    expect(text(formatTemplate('%j', message('r/b', '{"x":1}', 0), { now }))).toBe(
      '{"tst":"2026-12-07T01:31:54.949000Z+0000","topic":"r/b","qos":0,"retain":1,"payloadlen":7,"payload":"{\\"x\\":1}"}',
    );
    expect(text(formatTemplate('%J', message('r/b', '{"x":1}', 0), { now }))).toBe(
      '{"tst":"2026-12-07T01:31:54.949000Z+0000","topic":"r/b","qos":0,"retain":1,"payloadlen":7,"payload":{"x":1}}',
    );
  });

  it('complains about a %J payload that is not JSON and prints nothing for it', () => {
    const warnings: string[] = [];
    expect(text(formatTemplate('[%J]', message('r/a', 'ra'), { now, warn: (line) => warnings.push(line) }))).toBe('[]');
    expect(warnings).toEqual(['payload is not valid JSON on topic r/a']);
  });

  it('prints %U as Unix seconds with nanoseconds and @-fields in local time', () => {
    expect(text(formatTemplate('%U', message('t', ''), { now }))).toBe('1796607114.949000000');
    const local = new Date(2026, 0, 2, 3, 4, 5);
    expect(text(formatTemplate('@Y-@m-@d @H:@M:@S @@ @q', message('t', ''), { now: local }))).toBe('2026-01-02 03:04:05 @ @q');
    expect(text(formatTemplate('%I', message('t', ''), { now: local }))).toMatch(/^2026-01-02T03:04:05[+-]\d{4}$/);
  });
});

describe('formatTemplate: MQTT 5 properties as mosquitto_sub 2.0 prints them', () => {
  it('prints %C %D %E %F %P %R, and nothing for those the message lacks', () => {
    const withProperties: MqttMessage = Object.assign(message('a/b', 'x'), {
      properties: {
        contentType: 'text/plain',
        correlationData: new Uint8Array(Buffer.from('abc')),
        messageExpiryInterval: 60,
        payloadFormatIndicator: true,
        userProperties: { k: 'v', tags: ['1', '2'] },
        responseTopic: 'reply/here',
      },
    });
    expect(text(formatTemplate('%C|%D|%E|%F|%P|%R|%p', withProperties, { now }))).toBe('text/plain|abc|60|1|k:v tags:1 tags:2|reply/here|x');
    expect(text(formatTemplate('%C|%D|%E|%F|%P|%R|%p', message('a/b', 'y'), { now }))).toBe('||||||y');
  });

  it('prints %A the topic alias and %S the subscription identifier (the first of several), nothing when absent', () => {
    const aliased = Object.assign(message('a/b', 'x'), { properties: { topicAlias: 3, subscriptionIdentifier: 7 } });
    const several = Object.assign(message('a/b', 'x'), { properties: { subscriptionIdentifier: [4, 9] } });
    expect(text(formatTemplate('%A|%S|%p', aliased, { now }))).toBe('3|7|x');
    expect(text(formatTemplate('%A|%S|%p', several, { now }))).toBe('|4|x');
    expect(text(formatTemplate('%A|%S|%p', message('a/b', 'y'), { now }))).toBe('||y');
  });
});
