/**
 * `retryBackoff`: resubscribe after errors with exponential backoff and jitter. One
 * implementation, shared with the client's own reconnect loop (see
 * `lib/client/connection/retry-backoff.ts`, whose TSDoc and marble specs describe it).
 */
export { isFatalConnackError } from '../lib/client/connection/reconnect-policy';
export { retryBackoff } from '../lib/client/connection/retry-backoff';
export type { RetryBackoffOptions, RetryInfo } from '../lib/client/connection/retry-backoff';
