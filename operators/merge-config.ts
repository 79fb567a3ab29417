/** A JSON object: what a configuration is. */
export interface JsonObject {
  [key: string]: unknown;
}

function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// Keys a JSON document may carry that must never reach an object's prototype chain.
function isUnsafeKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/**
 * Applies a partial configuration to the current one as a JSON Merge Patch (RFC 7396):
 * objects merge key by key, recursively; any other value (arrays included) replaces
 * the current one; `null` removes the key. Keys `__proto__`, `constructor` and
 * `prototype` in the update are ignored, so a config from the network cannot pollute
 * prototypes.
 *
 * @returns a new object; neither argument is modified (unchanged nested objects are shared).
 * @throws TypeError when `current` or `update` is not a plain object.
 *
 * @example
 * ```ts
 * mergeConfig({ interval: 60, mqtt: { qos: 0, topic: 'a' }, debug: true },
 *             { mqtt: { qos: 1 }, debug: null });
 * // { interval: 60, mqtt: { qos: 1, topic: 'a' } }
 * ```
 */
export function mergeConfig<C extends object>(current: C, update: object): C {
  if (!isPlainObject(current)) throw new TypeError('mergeConfig: current must be a plain object');
  if (!isPlainObject(update)) throw new TypeError('mergeConfig: update must be a plain object');
  return merge(current, update) as C;
}

function merge(current: JsonObject, update: JsonObject): JsonObject {
  const result: JsonObject = {};
  const own = Object.keys(current);
  for (let i = 0; i < own.length; i++) {
    if (!isUnsafeKey(own[i])) result[own[i]] = current[own[i]];
  }
  const keys = Object.keys(update);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (isUnsafeKey(key)) continue;
    const value = update[key];
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      const base = result[key];
      result[key] = merge(isPlainObject(base) ? base : {}, value);
    } else {
      result[key] = value;
    }
  }
  return result;
}
