import type { BrokerUrl } from '../lib/client/options/parse-broker-url';
import { formatAddress } from './endpoint';

/**
 * The WebSocket URL for a parsed `ws://` or `wss://` broker URL. A URL without a path
 * (or with just `/`) gets `/mqtt`, the path brokers conventionally serve MQTT on.
 *
 * @example
 * ```ts
 * websocketUrl({ scheme: 'ws', host: '::1', port: 8080, path: '' }); // 'ws://[::1]:8080/mqtt'
 * ```
 */
export function websocketUrl(url: BrokerUrl): string {
  const path = url.path === '' || url.path === '/' ? '/mqtt' : url.path;
  return url.scheme + '://' + formatAddress(url.host, url.port) + (path.charAt(0) === '/' ? path : '/' + path);
}
