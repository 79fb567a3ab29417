/**
 * rxmqtt: a reactive MQTT 3.1.1 client for RxJS 7.
 * The package root: the client, the codec, the errors and the public types.
 */
export * from './errors';
export * from './codec/index';
export * from './client/types';
export * from './client/connection/transport';
export * from './client/index';

// Side effect: registers the Node transports (mqtt:, mqtts:, ws:, wss:) with the URL
// registry. The browser and Espruino entries register their own instead.
import '../adapters/node-schemes';
