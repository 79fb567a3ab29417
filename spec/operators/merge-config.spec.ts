import { mergeConfig } from '../../operators/merge-config';
import { expectThrows } from './support/expect-throws';

describe('mergeConfig (JSON Merge Patch, RFC 7396)', () => {
  it.each<[string, object, object, object]>([
    ['adds and replaces top-level keys', { a: 1, b: 2 }, { b: 3, c: 4 }, { a: 1, b: 3, c: 4 }],
    ['merges nested objects key by key', { mqtt: { qos: 0, topic: 'a' } }, { mqtt: { qos: 1 } }, { mqtt: { qos: 1, topic: 'a' } }],
    ['removes a key set to null', { a: 1, debug: true }, { debug: null }, { a: 1 }],
    ['removes nested keys set to null', { m: { a: 1, b: 2 } }, { m: { b: null } }, { m: { a: 1 } }],
    ['replaces arrays whole', { hosts: ['a', 'b'] }, { hosts: ['c'] }, { hosts: ['c'] }],
    ['replaces a non-object by an object, dropping its nulls', { m: 5 }, { m: { a: 1, b: null } }, { m: { a: 1 } }],
    ['replaces an object by a scalar', { m: { a: 1 } }, { m: 'off' }, { m: 'off' }],
    ['keeps everything for an empty update', { a: { b: 1 } }, {}, { a: { b: 1 } }],
    // the RFC's own example (section 3)
    [
      'matches the example of RFC 7396',
      { title: 'Goodbye!', author: { givenName: 'John', familyName: 'Doe' }, tags: ['example', 'sample'], content: 'This will be unchanged' },
      { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] },
      { title: 'Hello!', author: { givenName: 'John' }, tags: ['example'], content: 'This will be unchanged', phoneNumber: '+01-123-456-7890' },
    ],
  ])('%s', (_name, current, update, expected) => {
    expect(mergeConfig(current, update)).toEqual(expected);
  });

  it('modifies neither argument', () => {
    const current = { a: { b: 1 }, c: 2 };
    const update = { a: { b: 2 }, c: null };
    mergeConfig(current, update);
    expect(current).toEqual({ a: { b: 1 }, c: 2 });
    expect(update).toEqual({ a: { b: 2 }, c: null });
  });

  it('ignores __proto__, constructor and prototype keys from JSON (no prototype pollution)', () => {
    const update = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"a":{"__proto__":{"x":1}},"ok":1}');
    const merged = mergeConfig({}, update) as Record<string, unknown>;
    expect(merged).toEqual({ a: {}, ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(merged.a)).toBe(Object.prototype);
  });

  it.each<[string, unknown, unknown, string]>([
    ['a null current', null, {}, 'mergeConfig: current must be a plain object'],
    ['an array current', [], {}, 'mergeConfig: current must be a plain object'],
    ['a string update', {}, 'x', 'mergeConfig: update must be a plain object'],
    ['an array update', {}, [1], 'mergeConfig: update must be a plain object'],
  ])('rejects %s with a TypeError', (_name, current, update, text) => {
    expectThrows(() => mergeConfig(current as object, update as object), TypeError, text);
  });
});
