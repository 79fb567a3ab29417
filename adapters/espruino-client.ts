import { createClient } from '../lib/client/create-client';
import type { ClientOptions, MqttClient } from '../lib/client/types';
import { espruinoTransport, EspruinoModuleLoader } from './espruino';

/**
 * Options of {@link createEspruinoClient}: the client's options, where the broker is
 * given by `url` (`mqtt://` or `mqtts://`), by an explicit `transport`, or by `host`
 * (with `port` and `tls`) as Espruino users write it.
 */
export interface EspruinoClientOptions extends Omit<ClientOptions, 'tls'> {
  /** Broker host name or address; used when neither `url` nor `transport` is given. */
  host?: string;
  /** Broker port (default 1883, or 8883 with `tls`). */
  port?: number;
  /** `true` or PEM strings to connect through `require("tls")` (with `host` or an `mqtts:` URL). */
  tls?: boolean | { ca?: string; key?: string; cert?: string };
  /** Loads `net`/`tls` (default: the global `require`); specs pass a fake. Only with `host`. */
  loadModule?: EspruinoModuleLoader;
}

/** Keys only this wrapper reads; the client never sees them. */
const OWN_KEYS: { [key: string]: boolean } = { host: true, port: true, tls: true, loadModule: true };

/**
 * `createClient` for Espruino, exported as `createClient` by the Espruino bundle
 * (`require('rxmqtt').createClient`): the Espruino socket transport is the default.
 *
 * - `{ host, port, tls }` → {@link espruinoTransport} over `require("net")` (or
 *   `require("tls")` when `tls` is set);
 * - `{ url: 'mqtt://…' | 'mqtts://…' }` → the same transport through the schemes the
 *   Espruino entry registers (`tls` PEM strings apply to `mqtts:`);
 * - `{ transport }` → that transport, as `createClient` does.
 *
 * Returns the {@link MqttClient}; nothing connects until `connect()` is subscribed.
 *
 * @throws TypeError when none of `transport`, `url` and `host` is given, for a bad
 *   `host`/`tls`, and for whatever `createClient` rejects
 * @throws RangeError for a port outside 1–65535 and the ranges `createClient` checks
 * @example
 * ```js
 * var client = require('rxmqtt').createClient({ host: '192.168.1.2', port: 1883, clientId: 'esp32' });
 * client.connect().subscribe({ next: function () { console.log('connected'); } });
 * ```
 */
export function createEspruinoClient(options: EspruinoClientOptions): MqttClient {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const tls = options.tls;
  if (tls !== undefined && typeof tls !== 'boolean' && (tls === null || typeof tls !== 'object')) {
    throw new TypeError('tls must be true, false or an object of PEM strings');
  }
  const given: ClientOptions = {};
  const copy = given as { [key: string]: unknown };
  const source = options as unknown as { [key: string]: unknown };
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    if (!OWN_KEYS[keys[i]]) copy[keys[i]] = source[keys[i]];
  }
  if (typeof tls === 'object') given.tls = tls;
  if (given.transport === undefined && given.url === undefined) {
    if (options.host === undefined) throw new TypeError('options need a host, a url or a transport');
    given.transport = espruinoTransport({ host: options.host, port: options.port, tls: tls, loadModule: options.loadModule });
  }
  return createClient(given);
}
