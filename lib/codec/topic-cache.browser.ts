/**
 * The browser's topic cache: none. The cache of `topic-cache.ts` saves building a topic
 * string per message at Node's inbound rates (hundreds of thousands per second); a page
 * receives far fewer, and the bundle is smaller without it.
 */

/** Longest topic (in bytes) the cache keeps (same export as topic-cache.ts). */
export const TOPIC_CACHE_MAX_BYTES = 128;

/** Keeps nothing: returns `topic` (null on a lookup). Same signature as topic-cache.ts's. */
export function cachedTopic(bytes: Uint8Array, start: number, end: number, hash: number, topic: string | null): string | null {
  return topic;
}
