/**
 * rxmqtt: a reactive MQTT 3.1.1 client for RxJS 7.
 * The package root: the client, the codec, the errors and the public types.
 */
export * from './errors';
export * from './codec/index';
export * from './client/types';
export * from './client/transport';
