import { defer, from, type Observable } from 'rxjs';
import type { MqttClient, OutgoingMessage, PublishResult } from '../lib/client/types';

/** Sensor readings by name, e.g. `{ temperature: 21.5, humidity: 40 }`. */
export interface SensorReadings {
  [name: string]: number | string | boolean;
}

/** Options of {@link publishSensorData}. */
export interface PublishSensorDataOptions {
  /** QoS of every publication (default 0, as the seed). */
  qos?: 0 | 1;
  /** Retain every publication (default false). */
  retain?: boolean;
  /**
   * Sub-topic of one JSON object holding all readings (the seed's `<prefix>/data`);
   * default `'data'`; `false` publishes the readings one by one only.
   */
  combined?: string | false;
  /** Fields added to the combined JSON only (the seed adds `uptime` and `unit`). */
  extra?: { [key: string]: unknown };
  /** Passed to `client.publishAll` (QoS 1 messages awaiting PUBACK at once). */
  maxInFlight?: number;
}

function checkTopicPart(what: string, part: string): void {
  if (typeof part !== 'string' || part === '') throw new TypeError('publishSensorData: ' + what + ' must be a non-empty string');
  if (part.indexOf('+') >= 0 || part.indexOf('#') >= 0 || part.indexOf('\u0000') >= 0) {
    throw new RangeError('publishSensorData: ' + what + ' "' + part + '" must not hold "+", "#" or U+0000 [MQTT-3.3.2-2] [MQTT-4.7.3-2]');
  }
}

/**
 * The ESP sensors seed's `publish_sensor_data`: publishes each reading as text under
 * `<prefix>/<name>` (`String(value)`, e.g. `21.5`), then, unless `combined` is
 * `false`, all readings (plus `extra`) as one JSON object under `<prefix>/data`.
 * With the seed's layout the prefix names the sensor:
 * `publishSensorData(client, '/homecontrol/device/data/dht22', { temperature, humidity })`
 * gives `.../dht22/temperature`, `.../dht22/humidity` and `.../dht22/data`.
 * Non-finite numbers are published as `NaN`/`Infinity` text and `null` in the JSON.
 * Names may hold `/` for deeper topics.
 *
 * Emits: one `PublishResult` per publication, in that order (`ok: false` with the
 * error for a failed one), through `client.publishAll`.
 * Completes: when every publication has its result. Subscribing again publishes again.
 * Errors: as `client.publishAll` does.
 *
 * @throws TypeError/RangeError at call time for a bad prefix, name, value or option.
 *
 * @example
 * ```ts
 * publishSensorData(client, 'esp/sensors/dht22', { temperature: 21.5, humidity: 40 }, {
 *   qos: 1,
 *   extra: { unit: 'C' },
 * }).subscribe((r) => r.ok || console.log('failed:', r.message.topic, r.error));
 * ```
 */
export function publishSensorData(
  client: Pick<MqttClient, 'publishAll'>,
  prefix: string,
  readings: SensorReadings,
  options?: PublishSensorDataOptions,
): Observable<PublishResult> {
  if (!client || typeof client.publishAll !== 'function') {
    throw new TypeError('publishSensorData: client must have a publishAll() method');
  }
  checkTopicPart('prefix', prefix);
  if (readings === null || typeof readings !== 'object') throw new TypeError('publishSensorData: readings must be an object');
  const opts = options === undefined ? {} : options;
  if (opts === null || typeof opts !== 'object') throw new TypeError('publishSensorData: options must be an object');
  if (opts.qos !== undefined && opts.qos !== 0 && opts.qos !== 1) {
    throw new RangeError('publishSensorData: qos must be 0 or 1, got ' + String(opts.qos));
  }
  const combined = opts.combined === undefined ? 'data' : opts.combined;
  if (combined !== false) checkTopicPart('combined', combined);
  if (opts.extra !== undefined && (opts.extra === null || typeof opts.extra !== 'object')) {
    throw new TypeError('publishSensorData: extra must be an object');
  }

  const messages: OutgoingMessage[] = [];
  const names = Object.keys(readings);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    checkTopicPart('reading name', name);
    if (name === combined) {
      throw new RangeError('publishSensorData: reading name "' + name + '" is the combined topic; rename it or set options.combined');
    }
    const value = readings[name];
    const type = typeof value;
    if (type !== 'number' && type !== 'string' && type !== 'boolean') {
      throw new TypeError('publishSensorData: reading "' + name + '" must be a number, string or boolean, got ' + (value === null ? 'null' : type));
    }
    messages.push(outgoing(prefix + '/' + name, String(value), opts));
  }
  if (combined !== false) {
    const data = Object.assign({}, readings, opts.extra);
    messages.push(outgoing(prefix + '/' + combined, JSON.stringify(data), opts));
  }
  const publishOptions = opts.maxInFlight === undefined ? undefined : { maxInFlight: opts.maxInFlight };
  return defer(function () {
    return client.publishAll(from(messages), publishOptions);
  });
}

function outgoing(topic: string, payload: string, opts: PublishSensorDataOptions): OutgoingMessage {
  return { topic: topic, payload: payload, qos: opts.qos === undefined ? 0 : opts.qos, retain: opts.retain === true };
}
