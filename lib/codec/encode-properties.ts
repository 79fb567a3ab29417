/**
 * Encoding of an MQTT 5 property list [MQTT-2.2.2], checked against {@link PROPERTY_DEFS}:
 * properties are written in the order of the object's keys (a repeated User Property
 * name or a Subscription Identifier list in order), `undefined` values skipped.
 */
import { checkBoolean, checkInteger, checkObject } from '../arg-checks';
import { assertShortBytes, stringFieldLength } from './encode-args';
import { PROPERTIES_BY_NAME, PropertyDef, repeatable, WILL_PROPERTIES } from './property-defs';
import type { Properties } from './properties';
import { remainingLengthSize, writeRemainingLength } from './remaining-length';
import { encodeUtf8 } from './utf8';

/** The bytes of a property list under construction. */
class PropertyBytes {
  bytes: number[] = [];

  int(value: number, size: number): void {
    for (let shift = (size - 1) * 8; shift >= 0; shift -= 8) this.bytes.push(Math.floor(value / Math.pow(2, shift)) & 0xff);
  }

  varint(value: number): void {
    while (value >= 128) {
      this.bytes.push((value & 0x7f) | 0x80);
      value = value >>> 7;
    }
    this.bytes.push(value);
  }

  binary(b: Uint8Array): void {
    this.int(b.length, 2);
    for (let i = 0; i < b.length; i++) this.bytes.push(b[i]);
  }

  string(s: unknown, what: string): void {
    stringFieldLength(s, what);
    this.binary(encodeUtf8(s as string));
  }
}

const INT_SIZES: { [kind: string]: number } = { bool: 1, byte: 1, u16: 2, u32: 4 };

/** Checks and writes one value of `p`. */
function writeValue(out: PropertyBytes, p: PropertyDef, value: unknown, what: string): void {
  const name = what + ' ' + p.name;
  out.bytes.push(p.id);
  switch (p.kind) {
    case 'string':
      return out.string(value, name);
    case 'binary':
      assertShortBytes(value, name);
      return out.binary(value);
    case 'bool':
      checkBoolean(value, name);
      return out.int(value ? 1 : 0, 1);
    case 'varint':
      return out.varint(checkInteger(value, p.min, p.max, name));
    default:
      out.int(checkInteger(value, p.min, p.max, name), INT_SIZES[p.kind]);
  }
}

/** Writes the User Properties `user`: one pair per value, a name's values in order. */
function writeUserProperties(out: PropertyBytes, p: PropertyDef, user: unknown, what: string): void {
  checkObject(user, what + ' userProperties');
  const names = Object.keys(user);
  for (let i = 0; i < names.length; i++) {
    const value = (user as Record<string, unknown>)[names[i]];
    const values = Array.isArray(value) ? value : [value];
    for (let k = 0; k < values.length; k++) {
      out.bytes.push(p.id);
      out.string(names[i], what + ' user property name');
      out.string(values[k], what + ' user property "' + names[i] + '"');
    }
  }
}

/**
 * Encodes the property list of a packet of type `type` (1–15, or
 * {@link WILL_PROPERTIES}): its Variable Byte Integer length, then the properties.
 * `undefined` properties give the one byte 0.
 *
 * @param what names the packet in error messages, e.g. `'PUBLISH'`
 * @param where names the list in error messages instead of `what + ' properties'`
 *   (or `' will properties'`), e.g. `'options.properties'` for an argument check
 * @throws TypeError for an object that is not one, an unknown property name or a value
 *   of the wrong type; RangeError for a property the packet may not carry (section
 *   2.2.2.2), a number out of its range (a Receive Maximum, Topic Alias, Maximum Packet
 *   Size or Subscription Identifier of 0, Maximum QoS over 1, ...), a string or binary
 *   value over 65,535 bytes, a list where one value is allowed
 * @example
 * ```ts
 * encodeProperties({ topicAlias: 3 }, 3, 'PUBLISH'); // [3, 0x23, 0, 3]
 * ```
 */
export function encodeProperties(props: Properties | undefined, type: number, what: string, where?: string): Uint8Array {
  const out = new PropertyBytes();
  if (props !== undefined) {
    if (where === undefined) where = type === WILL_PROPERTIES ? what + ' will properties' : what + ' properties';
    checkObject(props, where);
    const names = Object.keys(props);
    for (let i = 0; i < names.length; i++) {
      const value = (props as Record<string, unknown>)[names[i]];
      if (value === undefined) continue;
      const p = PROPERTIES_BY_NAME[names[i]];
      if (p === undefined) throw new TypeError(where + ': unknown property ' + names[i]);
      if ((p.where & (1 << type)) === 0) throw new RangeError(where + ': ' + p.name + ' is not allowed here');
      if (p.kind === 'pair') writeUserProperties(out, p, value, where);
      else if (Array.isArray(value) && repeatable(p, type)) {
        for (let k = 0; k < value.length; k++) writeValue(out, p, value[k], where);
      } else writeValue(out, p, value, where);
    }
  }
  const length = out.bytes.length;
  const bytes = new Uint8Array(remainingLengthSize(length) + length);
  bytes.set(out.bytes, writeRemainingLength(bytes, 0, length));
  return bytes;
}
