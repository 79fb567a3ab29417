/** Public RxJS operators of rxmqtt, one per file. */
// named, so the unchecked policyDelay the client uses stays internal
export { MAX_TIMER_DELAY, DEFAULT_RECONNECT_POLICY, normalizeReconnectPolicy, backoffDelay } from './backoff-delay';
export type { NormalizedReconnectPolicy } from './backoff-delay';
export { isFatalConnackError, retryBackoff } from './retry-backoff';
export type { RetryInfo, RetryBackoffOptions } from './retry-backoff';
export * from './dedupe';
export * from './drop-oldest';
export * from './connection-events';
export * from './read-topic';
export * from './publish-sensor-data';
export * from './decode-text';
export * from './decode-json';
export * from './merge-config';
export * from './config-updates';
export * from './requester';
export * from './respond';
