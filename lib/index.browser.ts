/**
 * The browser entry of rxmqtt, built into `dist/rxmqtt.browser.min.js` (one minified
 * ESM file with the parts of RxJS it uses, no Node polyfills). The exports of the
 * package root (`lib/index.ts`; a spec keeps the two lists equal) except the deep-sleep
 * reconnect schedule, which only a device that powers down needs; `ws:`/`wss:` URLs go
 * to the browser's native WebSocket and no Node transport is imported. The codec is a
 * client's: `PacketDecoder` refuses CONNECT, SUBSCRIBE, UNSUBSCRIBE and `encodePacket`
 * CONNACK, SUBACK, UNSUBACK (codec/server-packets.browser.ts).
 */
export * from './errors';
export type { MqttErrorCode } from './error-codes';
export { StoreError } from './client/store/session-store';
export type { SessionStore } from './client/store/session-store';
export * from './codec/index';
export * from './client/types';
export type { Connection, Transport } from './client/transport';
export * from './client/index';

// Side effect: registers ws:/wss: with the browser WebSocket adapter.
import '../adapters/browser-schemes';
