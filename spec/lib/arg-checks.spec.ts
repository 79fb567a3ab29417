import { checkBoolean, checkInteger, checkNumber, checkObject, checkQos, checkString, typeMismatch } from '../../lib/arg-checks';

function thrown(f: () => unknown): { type: string; message: string } | null {
  try {
    f();
  } catch (e) {
    return { type: (e as Error).constructor.name, message: (e as Error).message };
  }
  return null;
}

describe('argument checks', () => {
  it('typeMismatch words a TypeError with the type found', () => {
    const error = typeMismatch('retain', 'a boolean', 'yes');
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('retain must be a boolean, got string');
  });

  it.each([
    ['checkNumber', () => checkNumber('1', 'keepalive'), 'TypeError', 'keepalive must be a number, got string'],
    ['checkBoolean', () => checkBoolean(1, 'retain'), 'TypeError', 'retain must be a boolean, got number'],
    ['checkString', () => checkString(undefined, 'url'), 'TypeError', 'url must be a string, got undefined'],
    ['checkObject null', () => checkObject(null, 'options'), 'TypeError', 'options must be an object'],
    ['checkObject string', () => checkObject('x', 'will'), 'TypeError', 'will must be an object'],
    ['checkInteger type', () => checkInteger('1', 0, 9, 'n'), 'TypeError', 'n must be a number, got string'],
    ['checkInteger below', () => checkInteger(-1, 0, 9, 'n'), 'RangeError', 'n must be an integer from 0 to 9, got -1'],
    ['checkInteger above', () => checkInteger(10, 0, 9, 'n'), 'RangeError', 'n must be an integer from 0 to 9, got 10'],
    ['checkInteger fraction', () => checkInteger(1.5, 0, 9, 'n'), 'RangeError', 'n must be an integer from 0 to 9, got 1.5'],
    ['checkInteger NaN', () => checkInteger(NaN, 0, 9, 'n'), 'RangeError', 'n must be an integer from 0 to 9, got NaN'],
    ['checkQos type', () => checkQos('1', 1, 'qos'), 'TypeError', 'qos must be a number, got string'],
    ['checkQos 2 of 1', () => checkQos(2, 1, 'qos'), 'RangeError', 'qos must be 0 or 1, got 2'],
    ['checkQos 3 of 2', () => checkQos(3, 2, 'PUBLISH: qos'), 'RangeError', 'PUBLISH: qos must be 0, 1 or 2, got 3'],
    ['checkQos -0.5', () => checkQos(-0.5, 2, 'qos'), 'RangeError', 'qos must be 0, 1 or 2, got -0.5'],
  ])('%s throws %s', (_name, f, type, message) => {
    expect(thrown(f)).toEqual({ type, message });
  });

  it('pass good values and return the checked numbers', () => {
    expect(checkInteger(0, 0, 9, 'n')).toBe(0);
    expect(checkInteger(9, 0, 9, 'n')).toBe(9);
    expect(checkQos(0, 1, 'qos')).toBe(0);
    expect(checkQos(1, 1, 'qos')).toBe(1);
    expect(checkQos(2, 2, 'qos')).toBe(2);
    expect(thrown(() => checkNumber(NaN, 'n'))).toBeNull();
    expect(thrown(() => checkBoolean(false, 'b'))).toBeNull();
    expect(thrown(() => checkString('', 's'))).toBeNull();
    expect(thrown(() => checkObject([], 'o'))).toBeNull();
  });
});
