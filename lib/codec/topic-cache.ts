/**
 * A small direct-mapped cache of decoded topic names: inbound topics repeat, and
 * comparing a few bytes is cheaper than building the string again. Bounded: 128 slots of
 * at most 128 bytes each; off on Espruino, where memory is scarce.
 */

declare const E: unknown;

/** Longest topic (in bytes) the cache keeps. */
export const TOPIC_CACHE_MAX_BYTES = 128;

const SLOTS = typeof E === 'undefined' ? 128 : 0;
const keys: (Uint8Array | null)[] = [];
const values: string[] = [];
for (let i = 0; i < SLOTS; i++) {
  keys.push(null);
  values.push('');
}

/**
 * The cache's lookup and store in one function, which its one user calls twice (the
 * minifier would paste a function called once into the caller as a closure made per
 * message). With `topic` null: the string cached for the bytes `bytes[start..end)` whose
 * hash is `hash`, or `null`. With the `topic` those bytes decode to (at most
 * {@link TOPIC_CACHE_MAX_BYTES} of them): remembers it, copying the bytes, and returns it.
 *
 * @example
 * ```ts
 * let topic = cachedTopic(bytes, start, end, hash, null);
 * if (topic === null) topic = cachedTopic(bytes, start, end, hash, decodeUtf8(bytes, start, end));
 * ```
 */
export function cachedTopic(bytes: Uint8Array, start: number, end: number, hash: number, topic: string | null): string | null {
  if (SLOTS === 0) return topic;
  const slot = (hash ^ (hash >>> 13)) & (SLOTS - 1);
  const n = end - start;
  let key = keys[slot];
  if (topic !== null) {
    key = keys[slot] = new Uint8Array(n);
    for (let i = 0; i < n; i++) key[i] = bytes[start + i];
    return (values[slot] = topic);
  }
  if (key === null || key.length !== n) return null;
  for (let i = 0; i < n; i++) if (key[i] !== bytes[start + i]) return null;
  return values[slot];
}
