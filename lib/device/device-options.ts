import { checkBoolean, checkInteger, checkObject, checkString } from '../arg-checks';
import { assertTopicName } from '../codec/topic';
import { normalizeReconnectPolicy, NormalizedReconnectPolicy } from '../../operators/backoff-delay';
import type { ReconnectPolicy } from '../client/types';
import type { ConnectFields } from './packet-writer';

/** Options of the device client's `createClient`: the full client's, for a board. */
export interface DeviceClientOptions {
  /** `mqtt://[user:pass@]host[:port]` or `mqtts://...`; or give `host`. */
  url?: string;
  host?: string;
  /** Default 1883, 8883 with `tls`. */
  port?: number;
  /** `true`, or `{ ca, key, cert }` handed to `require("tls")` (Espruino wants `ca` as DER bytes: `atob` of the PEM body). */
  tls?: boolean | { ca?: unknown; key?: unknown; cert?: unknown };
  /** Default `'rxmqtt_'` + random digits. */
  clientId?: string;
  username?: string;
  password?: string | Uint8Array;
  /** Seconds, default 60; 0 disables. */
  keepalive?: number;
  /** Clean session, default true. */
  clean?: boolean;
  will?: { topic: string; payload: string | Uint8Array; qos?: 0 | 1; retain?: boolean };
  /** Backoff between reconnections (defaults 1 s, ×2, 120 s, ±25 %), or `false` to end at the first outage. */
  reconnect?: ReconnectPolicy | false;
  /** Ms to wait for CONNACK, SUBACK, PUBACK, PINGRESP (default 10000). */
  responseTimeout?: number;
  /** Publications waiting while offline (default limit 100). */
  offlineQueue?: { limit?: number };
  /** Largest packet accepted from the broker, bytes (default 16384: a board's memory). */
  maxPacketSize?: number;
  /** Join Wi-Fi with `require('Wifi')` first and treat its drops as outages: `{ ssid, password }`, or `true` when already joined. */
  wifi?: true | { ssid: string; password?: string };
  /** Loads `net`/`tls`/`Wifi` (default: the global `require`); specs pass stand-ins. */
  loadModule?: (name: string) => unknown;
}

/** {@link DeviceClientOptions} checked, defaults filled in. */
export interface ResolvedDeviceOptions {
  host: string;
  port: number;
  tls: DeviceClientOptions['tls'];
  connect: ConnectFields;
  reconnect: NormalizedReconnectPolicy | false;
  responseTimeout: number;
  offlineLimit: number;
  maxPacketSize: number;
  wifi: DeviceClientOptions['wifi'];
  loadModule?: (name: string) => unknown;
}

/** Splits `mqtt[s]://[user[:pass]@]host[:port]` (Espruino has no URL, and its RegExp lacks what a URL pattern needs). */
function parseUrl(url: string, o: { host?: string; port?: number; tls?: unknown; username?: string; password?: unknown }): void {
  checkString(url, 'url');
  const scheme = url.indexOf('://');
  const kind = url.substring(0, scheme).toLowerCase();
  if (kind !== 'mqtt' && kind !== 'mqtts') throw new TypeError('url must start with mqtt:// or mqtts://, got "' + url + '"');
  let rest = url.substring(scheme + 3);
  const slash = rest.indexOf('/');
  if (slash >= 0) rest = rest.substring(0, slash);
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const user = rest.substring(0, at);
    const colon = user.indexOf(':');
    if (o.username === undefined) o.username = decodeURIComponent(colon >= 0 ? user.substring(0, colon) : user);
    if (colon >= 0 && o.password === undefined) o.password = decodeURIComponent(user.substring(colon + 1));
    rest = rest.substring(at + 1);
  }
  const colon = rest.lastIndexOf(':');
  o.host = colon >= 0 ? rest.substring(0, colon) : rest;
  if (colon >= 0) o.port = Number(rest.substring(colon + 1));
  if (kind === 'mqtts' && !o.tls) o.tls = true;
}

/**
 * Checks the options of the device client and fills in the defaults.
 *
 * @throws TypeError for a value of the wrong type, a missing `host`/`url`, a bad URL
 * @throws RangeError for a value out of range (port, keepalive, QoS, timeouts, limits)
 * @example
 * ```ts
 * resolveDeviceOptions({ url: 'mqtts://broker:8883' }).port; // 8883
 * ```
 */
export function resolveDeviceOptions(options: DeviceClientOptions): ResolvedDeviceOptions {
  checkObject(options, 'options');
  const o = Object.assign({}, options);
  if (o.url !== undefined) parseUrl(o.url, o);
  if (typeof o.host !== 'string' || o.host === '') throw new TypeError('options need a host or a url');
  const port = checkInteger(o.port === undefined ? (o.tls ? 8883 : 1883) : o.port, 1, 65535, 'port');
  const clientId = o.clientId === undefined ? 'rxmqtt_' + String(Math.random()).substring(2, 12) : o.clientId;
  checkString(clientId, 'clientId');
  const clean = o.clean === undefined ? true : o.clean;
  checkBoolean(clean, 'clean');
  if (o.username !== undefined) checkString(o.username, 'username');
  if (o.will !== undefined) {
    checkObject(o.will, 'will');
    assertTopicName(o.will.topic);
    if (o.will.qos !== undefined) checkInteger(o.will.qos, 0, 1, 'will.qos');
  }
  if (o.wifi !== undefined && o.wifi !== true) checkObject(o.wifi, 'wifi');
  const limits = o.offlineQueue || {};
  return {
    host: o.host,
    port: port,
    tls: o.tls,
    connect: {
      clientId: clientId,
      keepalive: checkInteger(o.keepalive === undefined ? 60 : o.keepalive, 0, 65535, 'keepalive'),
      clean: clean,
      username: o.username,
      password: o.password,
      will: o.will,
    },
    reconnect: o.reconnect === false ? false : normalizeReconnectPolicy(o.reconnect),
    responseTimeout: checkInteger(o.responseTimeout === undefined ? 10000 : o.responseTimeout, 1, 2147483647, 'responseTimeout'),
    offlineLimit: checkInteger(limits.limit === undefined ? 100 : limits.limit, 0, 1000000, 'offlineQueue.limit'),
    maxPacketSize: checkInteger(o.maxPacketSize === undefined ? 16384 : o.maxPacketSize, 2, 268435460, 'maxPacketSize'),
    wifi: o.wifi,
    loadModule: o.loadModule,
  };
}
