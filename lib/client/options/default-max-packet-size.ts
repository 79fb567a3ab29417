/**
 * The largest packet a client accepts from its broker when `maxPacketSize` is not given:
 * 16 MiB on Node. The protocol allows 268,435,455 bytes, far more than a client needs,
 * and a limit is what stops a broker (or whoever sits in its place) from making the
 * client buffer that much. The browser bundle takes `default-max-packet-size.browser.ts`
 * (1 MiB).
 *
 * @example
 * ```ts
 * createClient({ url, maxPacketSize: 256 * 1024 * 1024 - 1 }); // opt back into the protocol maximum
 * ```
 */
export const DEFAULT_MAX_PACKET_SIZE = 16 * 1024 * 1024;
