/**
 * The browser's packet allocation: a `Uint8Array` of its own per packet. The shared slab
 * of `alloc-bytes.ts` saves V8 a backing store per mid-sized packet at Node's publish
 * rates; a page publishes far fewer, and the bundle is smaller without it.
 */

/** A zero-filled `Uint8Array` of `n` bytes for one packet (same export as alloc-bytes.ts). */
export function allocBytes(n: number): Uint8Array {
  return new Uint8Array(n);
}
