/// <reference types="node" />
/**
 * Transport adapters of rxmqtt, one per file. Importing this barrel (or the package
 * root) registers the Node transports for `mqtt:`, `mqtts:`, `ws:` and `wss:` URLs.
 * Browser bundles import `browser-websocket` and `browser-schemes` instead.
 */
export { tcpTransport } from './tcp';
export type { TcpTransportOptions } from './tcp';
export { tlsTransport } from './tls';
export type { TlsTransportOptions } from './tls';
export { websocketTransport } from './websocket';
export type { WebsocketTransportOptions } from './websocket';
export { browserWebsocketTransport } from './browser-websocket';
export type { BrowserWebsocketTransportOptions } from './browser-websocket';
export { websocketLikeTransport } from './websocket-like';
export type { WebSocketLike, WebSocketLikeConstructor, WebSocketLikeSettings } from './websocket-like';
export { socketTransport } from './socket-transport';
export type { SocketDialer } from './socket-transport';
export { registerNodeSchemes } from './node-schemes';
export { espruinoTransport } from './espruino';
export type {
  EspruinoTransportOptions,
  EspruinoSocket,
  EspruinoNetModule,
  EspruinoConnectOptions,
  EspruinoModuleLoader,
} from './espruino';
export { createEspruinoClient } from './espruino-client';
export type { EspruinoClientOptions } from './espruino-client';
export { bytesFromBinaryString, binaryStringFromBytes } from './espruino-bytes';
export type { EspruinoE } from './espruino-bytes';
export { VirtualBroker } from './virtual';
export type { VirtualBrokerAnswers, VirtualBrokerOptions, ReceivedPacket, InjectOptions } from './virtual';
export type { VirtualAuthAnswer, VirtualAuthScript, VirtualAuthStep } from './virtual';
export { memoryStore } from './memory-store';
export { fileStore } from './file-store';
export type { FileStoreOptions, FileStoreFs } from './file-store';
export { indexedDbStore } from './indexed-db-store';
export type { IndexedDbStoreOptions, IndexedDbSessionStore } from './indexed-db-store';
export { StoreError } from '../lib/client/store/session-store';
export type { QueuedPublication, SessionStore, StoredPublication, StoredSession } from '../lib/client/store/session-store';
