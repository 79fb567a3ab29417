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

function slotOf(hash: number): number {
  return (hash ^ (hash >>> 13)) & (SLOTS - 1);
}

/**
 * The string cached for the bytes `bytes[start..end)` whose hash is `hash`, or `null`.
 *
 * @example
 * ```ts
 * const topic = lookupTopic(bytes, start, end, hash);
 * ```
 */
export function lookupTopic(bytes: Uint8Array, start: number, end: number, hash: number): string | null {
  if (SLOTS === 0) return null;
  const slot = slotOf(hash);
  const key = keys[slot];
  const n = end - start;
  if (key === null || key.length !== n) return null;
  for (let i = 0; i < n; i++) if (key[i] !== bytes[start + i]) return null;
  return values[slot];
}

/**
 * Remembers that `bytes[start..end)` (hash `hash`, at most {@link TOPIC_CACHE_MAX_BYTES})
 * decode to `topic`; the bytes are copied.
 *
 * @example
 * ```ts
 * storeTopic(bytes, start, end, hash, topic);
 * ```
 */
export function storeTopic(bytes: Uint8Array, start: number, end: number, hash: number, topic: string): void {
  if (SLOTS === 0) return;
  const slot = slotOf(hash);
  const n = end - start;
  const key = new Uint8Array(n);
  for (let i = 0; i < n; i++) key[i] = bytes[start + i];
  keys[slot] = key;
  values[slot] = topic;
}
