/**
 * The browser bundle's default `maxPacketSize`: 1 MiB (a page holds less than a
 * server process; see `default-max-packet-size.ts`).
 */
export const DEFAULT_MAX_PACKET_SIZE = 1024 * 1024;
