/**
 * The argument checks shared by the codec, the client and the operators, so each
 * wording exists once: a value of the wrong type is a `TypeError`
 * ("`name` must be a number, got string"), a value out of range a `RangeError`
 * ("`name` must be an integer from 0 to 65535, got 1.5"). Pure, no dependencies.
 */

/**
 * The TypeError "`name` must be `expected`, got `typeof value`".
 *
 * @example
 * ```ts
 * throw typeMismatch('retain', 'a boolean', 'yes'); // TypeError: retain must be a boolean, got string
 * ```
 */
export function typeMismatch(name: string, expected: string, value: unknown): TypeError {
  return new TypeError(name + ' must be ' + expected + ', got ' + typeof value);
}

/**
 * Checks that `value` is a number (NaN included; ranges are the caller's).
 * @throws TypeError "`name` must be a number, got `typeof value`"
 * @example
 * ```ts
 * checkNumber(10000, 'responseTimeout'); // fine
 * ```
 */
export function checkNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') throw typeMismatch(name, 'a number', value);
}

/**
 * Checks that `value` is an integer in `[min, max]` and returns it.
 * @throws TypeError when not a number; RangeError "`name` must be an integer from `min`
 *   to `max`, got `value`" when out of range, NaN or not whole
 * @example
 * ```ts
 * checkInteger(60, 0, 65535, 'keepalive'); // 60
 * ```
 */
export function checkInteger(value: unknown, min: number, max: number, name: string): number {
  checkNumber(value, name);
  if (!(value >= min && value <= max) || Math.floor(value) !== value) {
    throw new RangeError(name + ' must be an integer from ' + min + ' to ' + max + ', got ' + value);
  }
  return value;
}

/**
 * Checks a QoS of at most `max` and returns it.
 * @throws TypeError "`name` must be a number, got ..."; RangeError "`name` must be 0 or 1,
 *   got ..." (`max` 1) or "... must be 0, 1 or 2, got ..." (`max` 2)
 * @example
 * ```ts
 * checkQos(1, 1, 'qos'); // 1
 * checkQos(2, 1, 'qos'); // RangeError: qos must be 0 or 1, got 2
 * ```
 */
export function checkQos(value: unknown, max: 1 | 2, name: string): 0 | 1 | 2 {
  checkNumber(value, name);
  if (value !== 0 && value !== 1 && (value !== 2 || max < 2)) {
    throw new RangeError(name + ' must be ' + (max < 2 ? '0 or 1' : '0, 1 or 2') + ', got ' + value);
  }
  return value as 0 | 1 | 2;
}

/**
 * Checks that `value` is a boolean.
 * @throws TypeError "`name` must be a boolean, got `typeof value`"
 * @example
 * ```ts
 * checkBoolean(true, 'retain'); // fine
 * ```
 */
export function checkBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw typeMismatch(name, 'a boolean', value);
}

/**
 * Checks that `value` is a string.
 * @throws TypeError "`name` must be a string, got `typeof value`"
 * @example
 * ```ts
 * checkString('rxmqtt_1', 'clientId'); // fine
 * ```
 */
export function checkString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw typeMismatch(name, 'a string', value);
}

/**
 * Checks that `value` is an object (not null).
 * @throws TypeError "`name` must be an object"
 * @example
 * ```ts
 * checkObject(options, 'publish options'); // fine for { qos: 1 }
 * ```
 */
export function checkObject(value: unknown, name: string): asserts value is object {
  if (value === null || typeof value !== 'object') throw new TypeError(name + ' must be an object');
}
