/**
 * The Espruino entry of rxmqtt, built into `dist/rxmqtt.espruino.js` (one CommonJS
 * file, RxJS inside, lowered to the language subset Espruino runs; see
 * scripts/build/espruino.cjs). On the device:
 *
 * ```js
 * var rxmqtt = require('rxmqtt');
 * ```
 *
 * `createClient` takes `{ host, port, tls }` or an `mqtt:`/`mqtts:` URL; both go to
 * Espruino's `net` / `tls` sockets. The exports are plain properties of
 * `module.exports` (no getters, no `__esModule` interop): `createClient`, the
 * Espruino transport, the error classes, the UTF-8 helpers (Espruino has no
 * TextEncoder/TextDecoder), `readTopic` and the deep-sleep reconnect schedule.
 */
import { createEspruinoClient } from '../adapters/espruino-client';
import { registerEspruinoSchemes } from '../adapters/espruino-schemes';
import { espruinoTransport } from '../adapters/espruino';
import { readTopic } from '../operators/read-topic';
import {
  createSleepSchedule,
  shouldTryNow,
  recordFailure,
  recordSuccess,
  nextAttemptAt,
  retryInterval,
} from './schedule/sleep-schedule';
import { decodeUtf8, encodeUtf8 } from './codec/utf8';
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

registerEspruinoSchemes();

module.exports = {
  createClient: createEspruinoClient,
  espruinoTransport: espruinoTransport,
  readTopic: readTopic,
  createSleepSchedule: createSleepSchedule,
  shouldTryNow: shouldTryNow,
  recordFailure: recordFailure,
  recordSuccess: recordSuccess,
  nextAttemptAt: nextAttemptAt,
  retryInterval: retryInterval,
  encodeUtf8: encodeUtf8,
  decodeUtf8: decodeUtf8,
  MqttError: MqttError,
  MqttProtocolError: MqttProtocolError,
  ConnectionRefusedError: ConnectionRefusedError,
  MqttTimeoutError: MqttTimeoutError,
  ClientClosedError: ClientClosedError,
  TransportError: TransportError,
  SubscriptionRefusedError: SubscriptionRefusedError,
  QueueOverflowError: QueueOverflowError,
};
