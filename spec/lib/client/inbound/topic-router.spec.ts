import fc from 'fast-check';
import { TopicRouter } from '../../../../lib/client/inbound/topic-router';

function matches(router: TopicRouter<string>, topic: string): string[] {
  const out: string[] = [];
  router.match(topic, (value, acc) => acc.push(value), out);
  return out.sort();
}

/** Reference matcher written straight from the spec text, level by level. */
function reference(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.charAt(0) === '$' && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

describe('TopicRouter', () => {
  const filters = ['a/b', 'a/+', 'a/#', '#', '+/b', '+', 'a/+/c', 'a//c', '$SYS/#', '$SYS/+', 'sport/#', '+/+'];
  const router = new TopicRouter<string>();
  filters.forEach((f) => router.add(f, f));

  // topic → every filter of the table above that must match it
  const table: Array<[string, string[]]> = [
    ['a/b', ['#', '+/+', '+/b', 'a/#', 'a/+', 'a/b']],
    ['a', ['#', '+', 'a/#']],
    ['a/x/c', ['#', 'a/#', 'a/+/c']],
    ['a//c', ['#', 'a/#', 'a/+/c', 'a//c']],
    ['sport', ['#', '+', 'sport/#']],
    ['sport/tennis/player1', ['#', 'sport/#']],
    ['/b', ['#', '+/+', '+/b']],
    ['$SYS/broker/load', ['$SYS/#']],
    ['$SYS/x', ['$SYS/#', '$SYS/+']],
    ['$SYS', ['$SYS/#']],
    ['b/a', ['#', '+/+']],
  ];
  it.each(table)('routes %s to exactly %j', (topic, expected) => {
    expect(matches(router, topic)).toEqual(expected.slice().sort());
  });

  it('does not match $-topics with # or + at the first level [MQTT-4.7.2-1]', () => {
    const r = new TopicRouter<string>();
    r.add('#', '#');
    r.add('+/monitor/Clients', '+');
    expect(matches(r, '$SYS/monitor/Clients')).toEqual([]);
    expect(matches(r, 'x/monitor/Clients')).toEqual(['#', '+']);
  });

  it('agrees with the spec-text reference matcher on random filters and topics', () => {
    const level = fc.constantFrom('a', 'b', '', '$x');
    const topicArb = fc.array(level, { minLength: 1, maxLength: 4 }).map((l) => l.join('/'));
    const filterLevel = fc.constantFrom<string>('a', 'b', '', '+', '$x');
    const filterArb = fc
      .tuple(fc.array(filterLevel, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([l, hash]) => (hash ? l.concat(['#']) : l).join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(filterArb, { maxLength: 8 }), topicArb, (fs, topic) => {
        const r = new TopicRouter<string>();
        fs.forEach((f) => r.add(f, f));
        expect(matches(r, topic)).toEqual(fs.filter((f) => reference(f, topic)).sort());
      }),
      { numRuns: 500 },
    );
  });

  it('replaces, gets and removes values, pruning empty branches', () => {
    const r = new TopicRouter<number>();
    expect(r.add('a/+/c', 1)).toBeUndefined();
    expect(r.add('a/+/c', 2)).toBe(1);
    r.add('a/#', 3);
    expect(r.size).toBe(2);
    expect(r.get('a/+/c')).toBe(2);
    expect(r.get('a/#')).toBe(3);
    expect(r.get('a/+')).toBeUndefined();
    expect(r.remove('a/+')).toBeUndefined();
    expect(r.remove('a/+/c')).toBe(2);
    expect(r.remove('a/+/c')).toBeUndefined();
    expect(r.remove('a/#')).toBe(3);
    expect(r.size).toBe(0);
    // the trie is empty again: its root has no children left
    expect((r as unknown as { root: { childCount: number; plus: unknown } }).root).toMatchObject({ childCount: 0, plus: null });
  });

  it('keeps levels named like Object.prototype members apart from the prototype', () => {
    const r = new TopicRouter<string>();
    r.add('constructor/__proto__', 'x');
    expect(matches(r, 'constructor/__proto__')).toEqual(['x']);
    expect(matches(r, 'toString')).toEqual([]);
  });

  it('visits only the branch of the topic, whatever the number of unrelated filters', () => {
    const r = new TopicRouter<number>();
    for (let i = 0; i < 10000; i++) r.add('device/' + i + '/cmd', i);
    let visits = 0;
    r.match('device/4242/cmd', () => visits++, null);
    expect(visits).toBe(1);
  });

  it('routes a repeated topic by the filters of the moment, with more topics in turn than it remembers', () => {
    const r = new TopicRouter<string>();
    r.add('t/1', 'one');
    expect(matches(r, 't/1')).toEqual(['one']);
    r.add('t/+', 'plus');
    expect(matches(r, 't/1')).toEqual(['one', 'plus']);
    r.remove('t/1');
    expect(matches(r, 't/1')).toEqual(['plus']);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 20; i++) expect(matches(r, 't/' + i)).toEqual(['plus']);
      expect(matches(r, 't/1/x')).toEqual([]);
    }
  });
});
