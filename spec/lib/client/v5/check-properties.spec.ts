import { checkProperties } from '../../../../lib/client/v5/check-properties';
import type { PropertySet } from '../../../../lib/client/v5/check-properties';

describe('checkProperties', () => {
  it('returns valid properties (and undefined) as given', () => {
    const p = { sessionExpiryInterval: 60, receiveMaximum: 10, userProperties: { a: ['1', '2'] } };
    expect(checkProperties(p, 'connect', 'options.properties')).toBe(p);
    expect(checkProperties(undefined, 'publish', 'properties')).toBeUndefined();
    expect(checkProperties({ willDelayInterval: 5, payloadFormatIndicator: true }, 'will', 'options.will.properties')).toBeDefined();
  });

  it.each([
    [{ receiveMaximum: 0 }, 'connect', 'options.properties', RangeError, 'options.properties receiveMaximum must be an integer from 1 to 65535, got 0'],
    [{ topicAlias: 1 }, 'connect', 'options.properties', RangeError, 'options.properties: topicAlias is not allowed here'],
    [{ receiveMaximum: 5 }, 'will', 'options.will.properties', RangeError, 'options.will.properties: receiveMaximum is not allowed here'],
    [{ sessionExpiry: 5 }, 'connect', 'options.properties', TypeError, 'options.properties: unknown property sessionExpiry'],
    [{ contentType: 1 }, 'publish', 'properties', TypeError, 'properties contentType must be a string, got number'],
    [{ subscriptionIdentifier: 0 }, 'subscribe', 'properties', RangeError, 'properties subscriptionIdentifier must be an integer from 1 to 268435455, got 0'],
    [{ serverReference: 'x' }, 'disconnect', 'properties', null, null],
    [{ reasonString: 'x' }, 'unsubscribe', 'properties', RangeError, 'properties: reasonString is not allowed here'],
    [{ authenticationData: new Uint8Array(1) }, 'auth', 'properties', null, null],
    ['x', 'publish', 'properties', TypeError, 'properties must be an object'],
  ])('%j as %s', (props, set, name, cls, message) => {
    const check = (): unknown => checkProperties(props as object, set as PropertySet, name);
    if (cls === null) expect(check).not.toThrow();
    else expect(check).toThrow(new (cls as ErrorConstructor)(message as string));
  });

  it('refuses an unknown property set', () => {
    expect(() => checkProperties({}, 'connack' as PropertySet, 'p')).toThrow(new TypeError('unknown property set connack'));
  });
});
