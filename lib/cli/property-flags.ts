import type { ConnectProperties, DisconnectProperties, Properties, PublishProperties, UserProperties, WillProperties } from '../codec/packet';
import { checkProperties, PropertySet } from '../client/v5/check-properties';
import type { DisconnectOptions } from '../client/types';
import { UsageError } from './usage-error';

/** How a `-D` value is read: an integer, 0/1 as a boolean, text, text as bytes. */
type Kind = 'integer' | 'boolean' | 'string' | 'binary';

/**
 * The `-D` identifiers mosquitto_pub/mosquitto_sub 2.0 take, with the property each sets
 * (`user-property` takes a name and a value; it is handled on its own).
 */
const IDENTIFIERS: { readonly [identifier: string]: { name: string; kind: Kind } } = {
  'payload-format-indicator': { name: 'payloadFormatIndicator', kind: 'boolean' },
  'message-expiry-interval': { name: 'messageExpiryInterval', kind: 'integer' },
  'content-type': { name: 'contentType', kind: 'string' },
  'response-topic': { name: 'responseTopic', kind: 'string' },
  'correlation-data': { name: 'correlationData', kind: 'binary' },
  'subscription-identifier': { name: 'subscriptionIdentifier', kind: 'integer' },
  'session-expiry-interval': { name: 'sessionExpiryInterval', kind: 'integer' },
  'authentication-method': { name: 'authenticationMethod', kind: 'string' },
  'authentication-data': { name: 'authenticationData', kind: 'binary' },
  'request-problem-information': { name: 'requestProblemInformation', kind: 'boolean' },
  'will-delay-interval': { name: 'willDelayInterval', kind: 'integer' },
  'request-response-information': { name: 'requestResponseInformation', kind: 'boolean' },
  'receive-maximum': { name: 'receiveMaximum', kind: 'integer' },
  'topic-alias-maximum': { name: 'topicAliasMaximum', kind: 'integer' },
  'topic-alias': { name: 'topicAlias', kind: 'integer' },
  'maximum-packet-size': { name: 'maximumPacketSize', kind: 'integer' },
  'reason-string': { name: 'reasonString', kind: 'string' },
  'server-reference': { name: 'serverReference', kind: 'string' },
};

/** The `-D` commands and the property set each fills. */
const COMMANDS: { readonly [command: string]: PropertySet } = {
  connect: 'connect',
  publish: 'publish',
  will: 'will',
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  disconnect: 'disconnect',
};

/** The properties the `-D` flags give, by command. */
export interface PropertyFlags {
  connect?: ConnectProperties;
  publish?: PublishProperties;
  will?: WillProperties;
  subscribe?: { userProperties?: UserProperties; subscriptionIdentifier?: number };
  unsubscribe?: { userProperties?: UserProperties };
  disconnect?: DisconnectProperties;
}

function valueOf(identifier: string, kind: Kind, raw: string): unknown {
  if (kind === 'string') return raw;
  if (kind === 'binary') return new Uint8Array(Buffer.from(raw, 'utf8'));
  if (!/^\d+$/.test(raw)) throw new UsageError(identifier + ' needs a number in --property argument, got "' + raw + '"');
  return kind === 'boolean' ? Number(raw) !== 0 : Number(raw);
}

function addUserProperty(properties: { userProperties?: UserProperties }, name: string, value: string): void {
  const user = properties.userProperties || (properties.userProperties = {});
  const before = user[name];
  user[name] = before === undefined ? value : ([] as string[]).concat(before, value);
}

/**
 * Reads the `-D command identifier value` flags (`-D command user-property name value`),
 * as mosquitto_pub/mosquitto_sub 2.0 do, into properties by command. Each property is
 * checked against its packet (`checkProperties`): a property that packet does not carry,
 * an unknown identifier or command, or a bad value is a {@link UsageError}.
 *
 * @example
 * ```ts
 * propertyFlags([['publish', 'content-type', 'text/plain'], ['publish', 'user-property', 'k', 'v']]);
 * // { publish: { contentType: 'text/plain', userProperties: { k: 'v' } } }
 * ```
 */
export function propertyFlags(given: ReadonlyArray<readonly string[]>): PropertyFlags {
  const result: { [command: string]: Properties } = {};
  for (let i = 0; i < given.length; i++) {
    const [command, identifier, value, second] = given[i];
    const set = COMMANDS[command];
    if (set === undefined) throw new UsageError('invalid command "' + command + '" given in --property argument');
    const properties = result[command] || (result[command] = {});
    if (identifier === 'user-property') addUserProperty(properties as { userProperties?: UserProperties }, value, second);
    else {
      const known = IDENTIFIERS[identifier];
      if (known === undefined) throw new UsageError('invalid property name "' + identifier + '" given in --property argument');
      (properties as { [name: string]: unknown })[known.name] = valueOf(identifier, known.kind, value);
    }
    try {
      checkProperties(properties, set, command);
    } catch (e) {
      const message = (e as Error).message;
      if (/not allowed/.test(message)) throw new UsageError(identifier + ' property not allowed for ' + command + ' in --property argument');
      throw new UsageError('bad ' + identifier + ' in --property argument: ' + message);
    }
  }
  return result as PropertyFlags;
}

/**
 * The session expiry of `-x` in seconds, as mosquitto reads it: 0–4294967294, or `-1`,
 * `4294967295` or `∞` for a session that never expires (4294967295).
 */
export function sessionExpiryFlag(value: string): number {
  if (value === '-1' || value === '∞') return 0xffffffff;
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new UsageError('session-expiry-interval not a number, got "' + value + '"');
  return Number(value);
}

/**
 * The `disconnect()` options of the `-D disconnect ...` flags, as mosquitto_pub/sub 2.0
 * take them: `session-expiry-interval`, `reason-string`, `server-reference`,
 * `user-property`. A session expiry above 0 at DISCONNECT needs one at CONNECT (`-x`, `-c`)
 * [MQTT-3.14.2-2]: without, it is a {@link UsageError} (mosquitto sends it, and the
 * broker closes the connection for the protocol error).
 *
 * @example
 * ```ts
 * disconnectOptionsOf({ disconnect: { reasonString: 'bye' } }, {}); // { reasonString: 'bye' }
 * ```
 */
export function disconnectOptionsOf(properties: PropertyFlags, connect: ConnectProperties | undefined): DisconnectOptions | undefined {
  const given = properties.disconnect;
  if (given === undefined) return undefined;
  if (given.sessionExpiryInterval && !(connect && connect.sessionExpiryInterval)) {
    throw new UsageError('-D disconnect session-expiry-interval above 0 needs a session expiry at connect (-x or -c)');
  }
  return Object.assign({}, given);
}

/** The MQTT 5 properties of the `-D` flags, or none before MQTT 5 (`-V` given after the last `-D`). */
export function commandProperties(flags: { protocolVersion: string | undefined; property: string[][] }): PropertyFlags {
  return flags.protocolVersion === 'mqttv5' || flags.protocolVersion === '5' ? propertyFlags(flags.property) : {};
}
