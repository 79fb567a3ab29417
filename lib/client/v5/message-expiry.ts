/**
 * Message Expiry Interval for publications that wait in the client before they are sent
 * (the offline queue), as the server treats the messages it holds (section 3.3.2.3.3).
 */
import type { PublishProperties } from '../../codec/packet';

/**
 * The properties to send a publication with after it waited `waitedMs` milliseconds, its
 * Message Expiry Interval reduced by the whole seconds waited; `null` when the interval
 * has run out (the publication must be dropped, not sent). Properties without an
 * interval, and any after no wait, come back as given.
 *
 * @example
 * ```ts
 * agedProperties({ messageExpiryInterval: 60, contentType: 'text/plain' }, 12500);
 * // { messageExpiryInterval: 48, contentType: 'text/plain' }
 * agedProperties({ messageExpiryInterval: 10 }, 10000); // null: expired
 * ```
 */
export function agedProperties(properties: PublishProperties | undefined, waitedMs: number): PublishProperties | undefined | null {
  if (properties === undefined || properties.messageExpiryInterval === undefined) return properties;
  const interval = properties.messageExpiryInterval;
  // A publication that did not wait is sent as given, even with an interval of 0.
  if (waitedMs > 0 && waitedMs >= interval * 1000) return null;
  const waited = Math.floor(Math.max(0, waitedMs) / 1000);
  if (waited === 0) return properties;
  return Object.assign({}, properties, { messageExpiryInterval: interval - waited });
}
