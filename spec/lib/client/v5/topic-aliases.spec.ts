import fc from 'fast-check';
import { InboundTopicAliases } from '../../../../lib/client/v5/inbound-topic-aliases';
import { OutboundTopicAliases } from '../../../../lib/client/v5/outbound-topic-aliases';
import { MqttProtocolError } from '../../../../lib/errors';

function caught(fn: () => void): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('InboundTopicAliases', () => {
  it('passes topics without an alias through', () => {
    expect(new InboundTopicAliases(0).resolve('a/b', undefined)).toBe('a/b');
  });

  it('sets an alias from a PUBLISH with topic and alias, resolves it for an empty topic, and lets it be replaced', () => {
    const aliases = new InboundTopicAliases(2);
    expect(aliases.resolve('a', 1)).toBe('a');
    expect(aliases.resolve('b', 2)).toBe('b');
    expect(aliases.resolve('', 1)).toBe('a');
    expect(aliases.resolve('c', 1)).toBe('c');
    expect(aliases.resolve('', 1)).toBe('c');
    expect(aliases.resolve('', 2)).toBe('b');
  });

  it.each([
    [0, 2, 0x94, 'topic alias 0 is outside 1–2 [MQTT-3.3.2-9] [MQTT-3.3.2-10]'],
    [3, 2, 0x94, 'topic alias 3 is outside 1–2 [MQTT-3.3.2-9] [MQTT-3.3.2-10]'],
    [1, 0, 0x94, 'topic alias 1 is outside 1–0 [MQTT-3.3.2-9] [MQTT-3.3.2-10]'],
  ])('refuses alias %i with maximum %i (reason code %i)', (alias, maximum, reasonCode, message) => {
    const e = caught(() => new InboundTopicAliases(maximum).resolve('t', alias));
    expect(e).toBeInstanceOf(MqttProtocolError);
    expect(e).toMatchObject({ code: 'INVALID_TOPIC_ALIAS', reasonCode, message });
  });

  it('refuses an empty topic with an alias never set (Protocol Error, 0x82)', () => {
    const e = caught(() => new InboundTopicAliases(5).resolve('', 4));
    expect(e).toMatchObject({ code: 'INVALID_TOPIC_ALIAS', reasonCode: 0x82, message: 'topic alias 4 was never set on this connection' });
  });
});

describe('OutboundTopicAliases', () => {
  it('uses no alias when the server allows none', () => {
    const aliases = new OutboundTopicAliases(0);
    expect(aliases.assign('a')).toEqual({ topic: 'a' });
    expect(aliases.assign('a')).toEqual({ topic: 'a' });
    expect(aliases.size).toBe(0);
  });

  it('sends the topic with a new alias first, then only the alias', () => {
    const aliases = new OutboundTopicAliases(3);
    expect(aliases.assign('a')).toEqual({ topic: 'a', topicAlias: 1 });
    expect(aliases.assign('b')).toEqual({ topic: 'b', topicAlias: 2 });
    expect(aliases.assign('a')).toEqual({ topic: '', topicAlias: 1 });
    expect(aliases.assign('b')).toEqual({ topic: '', topicAlias: 2 });
    expect(aliases.size).toBe(2);
  });

  it('gives the alias used longest ago to a new topic when all are taken, never more than the maximum', () => {
    const aliases = new OutboundTopicAliases(2);
    aliases.assign('a'); // 1
    aliases.assign('b'); // 2
    aliases.assign('a'); // 1 used again: 2 is now the oldest
    expect(aliases.assign('c')).toEqual({ topic: 'c', topicAlias: 2 });
    expect(aliases.assign('b')).toEqual({ topic: 'b', topicAlias: 1 });
    expect(aliases.assign('c')).toEqual({ topic: '', topicAlias: 2 });
    expect(aliases.assign('a')).toEqual({ topic: 'a', topicAlias: 1 });
    expect(aliases.size).toBe(2);
  });

  it('takes any topic as a key, "__proto__" and "constructor" included', () => {
    const aliases = new OutboundTopicAliases(2);
    expect(aliases.assign('__proto__')).toEqual({ topic: '__proto__', topicAlias: 1 });
    expect(aliases.assign('constructor')).toEqual({ topic: 'constructor', topicAlias: 2 });
    expect(aliases.assign('__proto__')).toEqual({ topic: '', topicAlias: 1 });
  });

  it('agrees with an inbound resolver on the other side for any sequence of topics', () => {
    const out = new OutboundTopicAliases(3);
    const inbound = new InboundTopicAliases(3);
    const topics = 'a b c a d a b e c c a f b'.split(' ');
    topics.forEach((t) => {
      const sent = out.assign(t);
      expect(inbound.resolve(sent.topic, sent.topicAlias)).toBe(t);
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 40 }), (max, ts) => {
        const o = new OutboundTopicAliases(max);
        const i = new InboundTopicAliases(max);
        ts.forEach((t) => {
          const sent = o.assign(t);
          expect(i.resolve(sent.topic, sent.topicAlias)).toBe(t);
          expect(o.size).toBeLessThanOrEqual(max);
        });
      }),
      { numRuns: 300 },
    );
  });
});
