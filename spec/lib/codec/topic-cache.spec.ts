import { cachedTopic, TOPIC_CACHE_MAX_BYTES } from '../../../lib/codec/topic-cache';
import { cachedTopic as cachedBrowserTopic, TOPIC_CACHE_MAX_BYTES as BROWSER_TOPIC_CACHE_MAX_BYTES } from '../../../lib/codec/topic-cache.browser';
import { decodeTopicName } from '../../../lib/codec/decode-publish';

const ascii = (s: string): Uint8Array => new Uint8Array(s.split('').map((c) => c.charCodeAt(0)));

describe('topic cache', () => {
  it('returns a remembered topic only for the same bytes', () => {
    const b = ascii('xxa/b/cxx');
    expect(cachedTopic(b, 2, 7, 12345, 'a/b/c')).toBe('a/b/c');
    expect(cachedTopic(ascii('a/b/c'), 0, 5, 12345, null)).toBe('a/b/c');
    expect(cachedTopic(ascii('a/b/d'), 0, 5, 12345, null)).toBeNull();
    expect(cachedTopic(ascii('a/b/cc'), 0, 6, 12345, null)).toBeNull();
  });

  it('copies the bytes it keeps, so a reused chunk cannot change a cached topic', () => {
    const chunk = ascii('room/1');
    cachedTopic(chunk, 0, 6, 777, 'room/1');
    chunk[5] = 0x32; // the chunk now says room/2
    expect(cachedTopic(chunk, 0, 6, 777, null)).toBeNull();
    expect(cachedTopic(ascii('room/1'), 0, 6, 777, null)).toBe('room/1');
  });

  it('gives every topic its own string through decodeTopicName, however slots collide', () => {
    const topics: string[] = [];
    for (let i = 0; i < 2000; i++) topics.push('devices/' + i.toString(36) + '/t');
    for (let round = 0; round < 2; round++) {
      topics.forEach((t) => expect(decodeTopicName(ascii(t), 0, t.length, 'PUBLISH')).toBe(t));
    }
  });

  it('decodes topics longer than its limit, uncached', () => {
    const t = 'x'.repeat(TOPIC_CACHE_MAX_BYTES + 1);
    const b = ascii(t);
    expect(decodeTopicName(b, 0, b.length, 'PUBLISH')).toBe(t);
    expect(decodeTopicName(b, 0, b.length, 'PUBLISH')).toBe(t);
  });
});

describe('topic cache of the browser bundle (topic-cache.browser.ts)', () => {
  it('keeps nothing: a store returns the topic, a lookup finds none', () => {
    const b = ascii('a/b/c');
    expect(cachedBrowserTopic(b, 0, 5, 12345, 'a/b/c')).toBe('a/b/c');
    expect(cachedBrowserTopic(b, 0, 5, 12345, null)).toBeNull();
    expect(BROWSER_TOPIC_CACHE_MAX_BYTES).toBe(TOPIC_CACHE_MAX_BYTES);
  });
});
