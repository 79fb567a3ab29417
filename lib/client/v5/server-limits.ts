/**
 * What an MQTT 5 server's CONNACK allows, with the spec's defaults for what it leaves
 * out (section 3.2.2.3), and the checks of a publication or subscription against it.
 */
import type { ConnackProperties, QoS } from '../../codec/packet';

/** The server's limits for one connection. */
export interface ServerLimits {
  /** QoS 1 and 2 publications the client may have in flight; default 65,535. */
  receiveMaximum: number;
  /** Highest QoS the server accepts; default 2. */
  maximumQoS: QoS;
  /** Whether retained messages are accepted; default true. */
  retainAvailable: boolean;
  /** Largest packet the server accepts, in bytes, whole packet; `Infinity` when it sets none. */
  maximumPacketSize: number;
  /** Highest Topic Alias the client may send; default 0 (none). */
  topicAliasMaximum: number;
  wildcardSubscriptionAvailable: boolean;
  subscriptionIdentifiersAvailable: boolean;
  sharedSubscriptionAvailable: boolean;
  /** Keep alive the client must use instead of its own, in seconds, when the server sets one. */
  serverKeepAlive?: number;
  /** The client identifier the server assigned to an empty one. */
  assignedClientIdentifier?: string;
  /** The session expiry the server chose, when it overrides the client's. */
  sessionExpiryInterval?: number;
}

function or<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/**
 * The limits a CONNACK's properties set, defaults filled in.
 *
 * @example
 * ```ts
 * const limits = serverLimits(connack.properties);
 * const window = Math.min(options.maxInFlight, limits.receiveMaximum);
 * ```
 */
export function serverLimits(properties?: ConnackProperties): ServerLimits {
  const p = properties || {};
  const limits: ServerLimits = {
    receiveMaximum: or(p.receiveMaximum, 65535),
    maximumQoS: or(p.maximumQoS, 2) as QoS,
    retainAvailable: or(p.retainAvailable, true),
    maximumPacketSize: or(p.maximumPacketSize, Infinity),
    topicAliasMaximum: or(p.topicAliasMaximum, 0),
    wildcardSubscriptionAvailable: or(p.wildcardSubscriptionAvailable, true),
    subscriptionIdentifiersAvailable: or(p.subscriptionIdentifiersAvailable, true),
    sharedSubscriptionAvailable: or(p.sharedSubscriptionAvailable, true),
  };
  if (p.serverKeepAlive !== undefined) limits.serverKeepAlive = p.serverKeepAlive;
  if (p.assignedClientIdentifier !== undefined) limits.assignedClientIdentifier = p.assignedClientIdentifier;
  if (p.sessionExpiryInterval !== undefined) limits.sessionExpiryInterval = p.sessionExpiryInterval;
  return limits;
}

/**
 * What keeps the server from taking a publication of this QoS, RETAIN flag and encoded
 * size (whole packet, in bytes), or `null` when nothing does [MQTT-3.2.2-11]
 * [MQTT-3.2.2-14] [MQTT-3.2.2-15].
 *
 * @example
 * ```ts
 * publicationProblem(limits, 2, false, 120); // 'QoS 2 is over the server's maximum QoS 1'
 * ```
 */
export function publicationProblem(limits: ServerLimits, qos: QoS, retain: boolean, size: number): string | null {
  if (qos > limits.maximumQoS) return 'QoS ' + qos + ' is over the server\'s maximum QoS ' + limits.maximumQoS;
  if (retain && !limits.retainAvailable) return 'the server does not accept retained messages';
  if (size > limits.maximumPacketSize) return 'the packet is ' + size + ' bytes, over the server\'s maximum packet size ' + limits.maximumPacketSize;
  return null;
}

/**
 * What keeps the server from taking a subscription to `filter` (with a Subscription
 * Identifier when `identified`), or `null` when nothing does.
 *
 * @example
 * ```ts
 * subscriptionProblem(limits, '$share/g/a/#', false); // null, or 'the server does not support shared subscriptions'
 * ```
 */
export function subscriptionProblem(limits: ServerLimits, filter: string, identified: boolean): string | null {
  if (filter.indexOf('$share/') === 0 && !limits.sharedSubscriptionAvailable) return 'the server does not support shared subscriptions';
  if (!limits.wildcardSubscriptionAvailable && (filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0)) {
    return 'the server does not support wildcard subscriptions';
  }
  if (identified && !limits.subscriptionIdentifiersAvailable) return 'the server does not support subscription identifiers';
  return null;
}
