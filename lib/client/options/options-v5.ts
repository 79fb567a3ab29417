/**
 * Call-time checks of the MQTT 5 options of `publish()`, `topic()`, `reauthenticate()` and
 * `disconnect()`.
 */
import { checkBoolean, checkObject } from '../../arg-checks';
import type { DisconnectProperties, ProtocolVersion, Subscription, UserProperties } from '../../codec/packet';
import type { DisconnectOptions, ReauthenticateOptions, TopicOptions } from '../types';
import type { ResolvedOptions } from './resolve-options';
import { checkProperties, PropertySet } from '../v5/check-properties';

/**
 * Checks `properties` as the set `set` when given: a RangeError before MQTT 5, else
 * what `checkProperties` throws.
 *
 * @example
 * ```ts
 * checkV5Properties({ contentType: 'text/plain' }, 'publish', 'publish options.properties', 5); // fine
 * checkV5Properties({ contentType: 'text/plain' }, 'publish', 'publish options.properties', 4); // RangeError
 * ```
 */
export function checkV5Properties(properties: unknown, set: PropertySet, name: string, version: ProtocolVersion): void {
  if (properties === undefined) return;
  if (version !== 5) throw new RangeError(name + ' need protocolVersion 5, got protocolVersion ' + version);
  checkProperties(properties as object, set, name);
}

/**
 * The MQTT 5 subscription options of `topic()` [MQTT-3.8.3.1], or undefined when none is
 * given. Given before MQTT 5 they are a RangeError (the broker could not honour them).
 *
 * @throws TypeError for a `noLocal`/`retainAsPublished` that is not a boolean
 * @throws RangeError for a `retainHandling` other than 0, 1, 2; any of them before MQTT 5
 * @example
 * ```ts
 * subscriptionOptions({ qos: 1, noLocal: true }, 5); // { noLocal: true }
 * ```
 */
export function subscriptionOptions(options: TopicOptions | undefined, version: ProtocolVersion): Partial<Subscription> | undefined {
  if (options === undefined) return undefined;
  checkObject(options, 'topic options');
  const noLocal = options.noLocal;
  const retainAsPublished = options.retainAsPublished;
  const retainHandling = options.retainHandling;
  if (noLocal === undefined && retainAsPublished === undefined && retainHandling === undefined) return undefined;
  if (version !== 5) {
    throw new RangeError('topic options noLocal, retainAsPublished and retainHandling need protocolVersion 5, got protocolVersion ' + version);
  }
  const result: Partial<Subscription> = {};
  if (noLocal !== undefined) {
    checkBoolean(noLocal, 'noLocal');
    result.noLocal = noLocal;
  }
  if (retainAsPublished !== undefined) {
    checkBoolean(retainAsPublished, 'retainAsPublished');
    result.retainAsPublished = retainAsPublished;
  }
  if (retainHandling !== undefined) {
    if (retainHandling !== 0 && retainHandling !== 1 && retainHandling !== 2) {
      throw new RangeError('retainHandling must be 0, 1 or 2, got ' + String(retainHandling));
    }
    result.retainHandling = retainHandling;
  }
  return result;
}

/**
 * The MQTT 5 user properties `topic()` puts on its SUBSCRIBE and UNSUBSCRIBE, checked, or
 * undefined when none are given.
 *
 * @throws TypeError / RangeError for bad user properties; RangeError before MQTT 5
 * @example
 * ```ts
 * topicUserProperties({ userProperties: { tenant: 'a' } }, 5); // { tenant: 'a' }
 * ```
 */
export function topicUserProperties(options: TopicOptions | undefined, version: ProtocolVersion): UserProperties | undefined {
  const userProperties = options !== undefined && options !== null ? options.userProperties : undefined;
  if (userProperties === undefined) return undefined;
  checkV5Properties({ userProperties }, 'subscribe', 'topic options', version);
  return userProperties;
}

/**
 * Call-time checks of `reauthenticate()`: the client must use enhanced authentication
 * (MQTT 5 with `properties.authenticationMethod`). Returns the authentication data to
 * send: the one given, else the CONNECT's.
 *
 * @throws RangeError without `protocolVersion: 5` and an `authenticationMethod`
 * @throws TypeError for options that are not an object, or data that is not a Uint8Array
 * @example
 * ```ts
 * checkReauthenticate(resolved, { authenticationData: token }); // token
 * ```
 */
export function checkReauthenticate(resolved: ResolvedOptions, options: ReauthenticateOptions | undefined): Uint8Array | undefined {
  const connect = resolved.properties;
  if (resolved.protocolVersion !== 5 || connect === undefined || connect.authenticationMethod === undefined) {
    throw new RangeError('reauthenticate() needs protocolVersion 5 and properties.authenticationMethod');
  }
  if (options === undefined) return connect.authenticationData;
  checkObject(options, 'reauthenticate options');
  if (options.userProperties !== undefined) checkProperties({ userProperties: options.userProperties }, 'auth', 'reauthenticate options');
  const data = options.authenticationData;
  if (data === undefined) return connect.authenticationData;
  if (!(data instanceof Uint8Array)) throw new TypeError('authenticationData must be a Uint8Array');
  return data;
}

const DISCONNECT_PROPERTIES = ['userProperties', 'sessionExpiryInterval', 'reasonString', 'serverReference'] as const;

/**
 * The DISCONNECT properties of `disconnect()` options (`userProperties`,
 * `sessionExpiryInterval`, `reasonString`, `serverReference`), or undefined when none is given.
 *
 * @example
 * ```ts
 * disconnectProperties({ force: true, reasonString: 'bye' }); // { reasonString: 'bye' }
 * ```
 */
export function disconnectProperties(options: DisconnectOptions | undefined): DisconnectProperties | undefined {
  let properties: DisconnectProperties | undefined;
  for (let i = 0; options !== undefined && i < DISCONNECT_PROPERTIES.length; i++) {
    const name = DISCONNECT_PROPERTIES[i];
    if (options[name] !== undefined) (properties || (properties = {}))[name] = options[name] as never;
  }
  return properties;
}
