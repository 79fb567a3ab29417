/**
 * Call-time checks of the MQTT 5 properties a caller hands the client (CONNECT options,
 * will, publish, subscribe, ...), so a bad one fails at once instead of when the packet
 * is encoded.
 */
import { encodeProperties } from '../../codec/encode-properties';
import type { Properties } from '../../codec/packet';
import { WILL_PROPERTIES } from '../../codec/property-defs';

/** The property sets a caller gives, by the packet (or will) that carries them. */
export type PropertySet = 'connect' | 'will' | 'publish' | 'subscribe' | 'unsubscribe' | 'disconnect' | 'auth';

const TYPES: { readonly [set: string]: number } = {
  connect: 1, will: WILL_PROPERTIES, publish: 3, subscribe: 8, unsubscribe: 10, disconnect: 14, auth: 15,
};

/**
 * Checks `properties` (`undefined` is fine) as the property set `set` and returns them.
 *
 * @param name names the argument in error messages, e.g. `'options.properties'`
 * @throws TypeError for a value that is not an object, an unknown property name or a value
 *   of the wrong type; RangeError for a property the set may not carry or a value out of
 *   its range (the messages name the property: "options.properties receiveMaximum must be
 *   an integer from 1 to 65535, got 0")
 * @example
 * ```ts
 * checkProperties(options.properties, 'connect', 'options.properties');
 * checkProperties(options.will && options.will.properties, 'will', 'options.will.properties');
 * ```
 */
export function checkProperties<T extends Properties>(properties: T | undefined, set: PropertySet, name: string): T | undefined {
  const type = TYPES[set];
  if (type === undefined) throw new TypeError('unknown property set ' + String(set));
  encodeProperties(properties, type, name, name);
  return properties;
}
