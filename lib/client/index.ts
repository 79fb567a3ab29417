/** The reactive client: `createClient` and the pieces a transport or a test may need. */
export { createClient } from './create-client';
export { parseBrokerUrl, DEFAULT_PORTS } from './parse-broker-url';
export type { BrokerUrl } from './parse-broker-url';
export { registerTransportScheme, transportForUrl } from './transport-registry';
export type { TransportFactory } from './transport-registry';
export { TopicRouter } from './topic-router';
export { keepaliveWatchdog } from './keepalive';
export type { KeepaliveEvent, KeepaliveTiming } from './keepalive';
