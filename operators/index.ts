/** Public RxJS operators of rxmqtt, one per file. */
export * from './backoff-delay';
export * from './retry-backoff';
export * from './sleep-schedule';
export * from './dedupe';
export * from './drop-oldest';
export * from './connection-events';
export * from './read-topic';
export * from './publish-sensor-data';
export * from './decode-text';
export * from './decode-json';
export * from './merge-config';
export * from './config-updates';
