/** The reactive client: `createClient` and the pieces a transport or a test may need. */
export { createClient } from './create-client';
export { parseBrokerUrl, DEFAULT_PORTS } from './options/parse-broker-url';
export type { BrokerUrl } from './options/parse-broker-url';
export { registerTransportScheme, transportForUrl } from './options/transport-registry';
export type { TransportFactory } from './options/transport-registry';
export { TopicRouter } from './inbound/topic-router';
export { keepaliveWatchdog } from './connection/keepalive';
export type { KeepaliveEvent, KeepaliveTiming } from './connection/keepalive';
