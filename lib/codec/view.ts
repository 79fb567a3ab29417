/**
 * Zero-copy views of received bytes.
 */

/**
 * A plain `Uint8Array` view of `bytes[start..end)`, sharing its memory. Unlike
 * `subarray`, the view is a `Uint8Array` even when `bytes` is a Node `Buffer`, so payloads
 * behave the same in Node, browsers and Espruino.
 *
 * @example
 * ```ts
 * const payload = view(chunk, 7, chunk.length); // no copy
 * ```
 */
export function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}
