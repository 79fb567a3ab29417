/**
 * rxmqtt: a reactive MQTT 3.1.1 client for RxJS 7.
 * The package root: {@link createClient} and its types, the errors, the public part of the
 * wire codec, the transport interface (to write your own) and the deep-sleep reconnect
 * schedule. Operators, transports, the gateway and test helpers have entries of their own:
 * `rxmqtt/operators`, `rxmqtt/adapters`, `rxmqtt/gateway`, `rxmqtt/testing`.
 */
export * from './errors';
export type { MqttErrorCode } from './error-codes';
export { StoreError } from './client/store/session-store';
export type { SessionStore } from './client/store/session-store';
export * from './codec/index';
export * from './client/types';
export type { Connection, Transport } from './client/transport';
export * from './client/index';
export * from './schedule/sleep-schedule';

// Side effect: registers the Node transports (mqtt:, mqtts:, ws:, wss:) with the URL
// registry. The browser and Espruino entries register their own instead.
import '../adapters/node-schemes';
