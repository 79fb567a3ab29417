/**
 * Allocation of encoded packets. `new Uint8Array(n)` beyond 64 bytes takes a separate
 * backing store each time, which in V8 costs about ten times a small one; like
 * Node's unsafe Buffer allocation, mid-sized packets are carved out of a shared 8 KB slab instead.
 * On Espruino, where memory is scarce, every packet gets its own array.
 */

declare const E: unknown;

/** Packets up to this size are allocated on their own (V8 keeps them on the heap). */
const SMALL = 64;
/** Packets larger than this get their own array too. */
const POOLED_MAX = 2048;
const SLAB_SIZE = 8192;
const POOLING = typeof E === 'undefined' && typeof ArrayBuffer === 'function';

let slab: ArrayBuffer | null = null;
let slabOffset = 0;

/**
 * A zero-filled `Uint8Array` of `n` bytes for one packet. Mid-sized ones are views into a
 * shared slab: use `byteOffset`/`byteLength` with `.buffer`, never the whole buffer.
 *
 * @example
 * ```ts
 * const out = allocBytes(98);
 * ```
 */
export function allocBytes(n: number): Uint8Array {
  if (n <= SMALL || n > POOLED_MAX || !POOLING) return new Uint8Array(n);
  if (slab === null || slabOffset + n > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabOffset = 0;
  }
  const out = new Uint8Array(slab, slabOffset, n);
  slabOffset = (slabOffset + n + 7) & ~7; // keep the next view 8-byte aligned
  return out;
}
