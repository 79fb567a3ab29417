/**
 * The Espruino entry of rxmqtt, built into `dist/rxmqtt.espruino.js` (one CommonJS
 * file, RxJS inside, lowered to the language subset Espruino runs; see
 * scripts/build/espruino.cjs). On the device:
 *
 * ```js
 * var rxmqtt = require('rxmqtt');
 * ```
 *
 * It exports the Espruino transport and the error classes as plain properties of
 * `module.exports` (no getters, no `__esModule` interop: Espruino loads it as is).
 */
import { espruinoTransport } from '../adapters/espruino';
import {
  MqttError,
  MqttProtocolError,
  ConnectionRefusedError,
  MqttTimeoutError,
  ClientClosedError,
  TransportError,
  SubscriptionRefusedError,
  QueueOverflowError,
} from './errors';

module.exports = {
  espruinoTransport: espruinoTransport,
  MqttError: MqttError,
  MqttProtocolError: MqttProtocolError,
  ConnectionRefusedError: ConnectionRefusedError,
  MqttTimeoutError: MqttTimeoutError,
  ClientClosedError: ClientClosedError,
  TransportError: TransportError,
  SubscriptionRefusedError: SubscriptionRefusedError,
  QueueOverflowError: QueueOverflowError,
};
