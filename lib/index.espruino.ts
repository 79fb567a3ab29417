/**
 * The Espruino entry of rxmqtt, built into `dist/rxmqtt.espruino.js` (one CommonJS
 * file lowered to the language subset Espruino runs; see scripts/build/espruino.cjs).
 * It is the device client of lib/device/ (a client-side codec path and a minimal
 * observable core instead of RxJS, so it fits a board's 16k variables), with the API
 * of the full client:
 *
 * ```js
 * var rxmqtt = require('rxmqtt');
 * var client = rxmqtt.createClient({ url: 'mqtt://192.168.1.10', clientId: 'esp32' });
 * ```
 *
 * Exports (plain properties of `module.exports`): `createClient`, `readTopic`, the
 * deep-sleep reconnect schedule, `Observable` and the operators `map`, `filter`,
 * `take`, `tap` for `pipe`, `encodeUtf8`/`decodeUtf8` (Espruino has no
 * TextEncoder/TextDecoder) and the error classes.
 */
import { createDeviceClient } from './device/device-client';
import { readTopic } from './device/read-topic';
import { Observable } from './device/observable';
import { map } from './device/map';
import { filter } from './device/filter';
import { take } from './device/take';
import { tap } from './device/tap';
import { decodeUtf8, utf8Bytes } from './device/text';
import {
  createSleepSchedule,
  shouldTryNow,
  recordFailure,
  recordSuccess,
  nextAttemptAt,
  retryInterval,
} from './schedule/sleep-schedule';
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
  createClient: createDeviceClient,
  readTopic: readTopic,
  createSleepSchedule: createSleepSchedule,
  shouldTryNow: shouldTryNow,
  recordFailure: recordFailure,
  recordSuccess: recordSuccess,
  nextAttemptAt: nextAttemptAt,
  retryInterval: retryInterval,
  Observable: Observable,
  map: map,
  filter: filter,
  take: take,
  tap: tap,
  encodeUtf8: utf8Bytes,
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
