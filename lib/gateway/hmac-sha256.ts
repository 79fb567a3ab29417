/**
 * HMAC-SHA256 (RFC 2104) composed from a plain SHA-256 function, for platforms that have
 * SHA-256 but no HMAC: Espruino's `require('crypto').SHA256` is one. Pure: bytes in, bytes
 * out, no Node APIs, written in the subset Espruino runs. On Node prefer node:crypto's
 * `createHmac`, which gives the same bytes (the spec checks it).
 */

/** SHA-256 of some bytes, 32 bytes long. */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** HMAC-SHA256 of `data` under `key`, 32 bytes long. */
export type HmacSha256 = (key: Uint8Array, data: Uint8Array) => Uint8Array;

/** SHA-256's block size in bytes: keys are padded (or hashed) to it [RFC 2104 §2]. */
const BLOCK = 64;

/**
 * Makes an HMAC-SHA256 function out of `sha256`:
 * `H((K ^ opad) || H((K ^ ipad) || data))`, keys longer than a block hashed first.
 *
 * @example
 * ```ts
 * // Espruino:
 * const hmac = composeHmacSha256((d) => new Uint8Array(require('crypto').SHA256(d)));
 * hmac(key, E.toUint8Array('datagram')); // 32 bytes
 * ```
 */
export function composeHmacSha256(sha256: Sha256): HmacSha256 {
  return function hmac(key: Uint8Array, data: Uint8Array): Uint8Array {
    const k = key.length > BLOCK ? sha256(key) : key;
    const inner = new Uint8Array(BLOCK + data.length);
    const outer = new Uint8Array(BLOCK + 32);
    for (let i = 0; i < BLOCK; i++) {
      const b = i < k.length ? k[i] : 0;
      inner[i] = b ^ 0x36;
      outer[i] = b ^ 0x5c;
    }
    inner.set(data, BLOCK);
    outer.set(sha256(inner), BLOCK);
    return sha256(outer);
  };
}

/**
 * Lower-case hex of `bytes`.
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([1, 255])); // "01ff"
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return text;
}

/**
 * The bytes of a hex string; `undefined` when it is not an even number of hex digits.
 *
 * @example
 * ```ts
 * fromHex('01ff'); // Uint8Array [1, 255]
 * fromHex('xyz');  // undefined
 * ```
 */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.substr(i * 2, 2), 16);
  return bytes;
}

/**
 * Compares two strings in time that depends on their length only, not on where they
 * differ, so a forger learns nothing from how fast a MAC is refused.
 *
 * @example
 * ```ts
 * sameText(receivedMac, expectedMac); // true only when equal
 * ```
 */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
