import { createHmac } from 'node:crypto';

/**
 * HMAC-SHA256 by node:crypto, the gateway's default and the Node node client's: the same
 * bytes as `composeHmacSha256` gives from a plain SHA-256 on Espruino.
 *
 * @example
 * ```ts
 * createNodeClient({ socket, nodeId: 'shed', key, hmac: nodeHmacSha256 });
 * ```
 */
export function nodeHmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', key).update(data).digest());
}
