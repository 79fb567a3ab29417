/**
 * Decoding of an MQTT 5 property list [MQTT-2.2.2]: a Variable Byte Integer length, then
 * identifier–value pairs, checked against {@link PROPERTY_DEFS}.
 */
import type { ByteReader } from './byte-reader';
import { PROPERTIES_BY_ID, PropertyDef, repeatable, WILL_PROPERTIES } from './property-defs';
import type { Properties, UserProperties } from './properties';
import { hex } from './reason-codes';

/** Reads one value of `p` (the identifier already read). */
function readValue(r: ByteReader, p: PropertyDef): unknown {
  let n: number;
  switch (p.kind) {
    case 'string':
      return r.string(p.name);
    case 'binary':
      return r.binary(p.name);
    case 'bool':
    case 'byte':
      n = r.u8(p.name);
      break;
    case 'u16':
      n = r.u16(p.name);
      break;
    case 'u32':
      n = r.u32(p.name);
      break;
    default:
      n = r.varint(p.name);
  }
  if (n < p.min || n > p.max) {
    throw r.error('INVALID_PROPERTY_VALUE', 'property ' + p.name + ' is ' + n + ', must be ' + p.min + ' to ' + p.max);
  }
  return p.kind === 'bool' ? n === 1 : n;
}

/** Adds one User Property: a repeated name collects its values in order. */
function addUserProperty(r: ByteReader, props: { userProperties?: UserProperties }): void {
  const name = r.string('user property name');
  const value = r.string('user property value');
  // A null prototype, so a name such as "__proto__" is a plain key.
  const user = props.userProperties || (props.userProperties = Object.create(null) as UserProperties);
  const had = user[name];
  if (had === undefined) user[name] = value;
  else if (typeof had === 'string') user[name] = [had, value];
  else had.push(value);
}

/**
 * Reads the property list of a packet of type `type` (1–15, or
 * {@link WILL_PROPERTIES} for the will properties of a CONNECT); returns `undefined`
 * when it is empty.
 *
 * @throws MqttProtocolError `UNKNOWN_PROPERTY` for an identifier MQTT 5 does not define,
 *   `PROPERTY_NOT_ALLOWED` for one the packet may not carry, `DUPLICATE_PROPERTY` for a
 *   second copy of one that may appear once (section 2.2.2.2), `INVALID_PROPERTY_VALUE`
 *   for a value out of range (a boolean byte other than 0 or 1, a Receive Maximum,
 *   Topic Alias, Maximum Packet Size or Subscription Identifier of 0, a Maximum QoS over
 *   1), `MALFORMED_VARIABLE_INTEGER`, `TRUNCATED_PACKET` when the list runs past the
 *   packet, and the string errors
 * @example
 * ```ts
 * reader.reset(bytes, pos, end, 4);
 * readProperties(reader, 4); // { reasonString: 'quota exceeded' }
 * ```
 */
export function readProperties(r: ByteReader, type: number): Properties | undefined {
  const what = type === WILL_PROPERTIES ? 'will properties' : 'properties';
  const length = r.varint(what + ' length');
  if (length === 0) return undefined;
  r.need(length, what);
  const packetEnd = r.end;
  r.end = r.pos + length; // field reads stop at the list's end
  const props: Record<string, unknown> = {};
  const bit = 1 << type;
  while (r.pos < r.end) {
    const id = r.u8('property identifier');
    const p = PROPERTIES_BY_ID[id];
    if (p === undefined) throw r.error('UNKNOWN_PROPERTY', 'unknown property identifier ' + hex(id) + ' in the ' + what);
    if ((p.where & bit) === 0) {
      throw r.error('PROPERTY_NOT_ALLOWED', 'property ' + p.name + ' (' + hex(id) + ') is not allowed in the ' + what);
    }
    if (p.kind === 'pair') {
      addUserProperty(r, props);
      continue;
    }
    const had = props[p.name];
    if (had !== undefined && !repeatable(p, type)) {
      throw r.error('DUPLICATE_PROPERTY', 'property ' + p.name + ' (' + hex(id) + ') appears more than once in the ' + what);
    }
    const value = readValue(r, p);
    if (had === undefined) props[p.name] = value;
    else if (typeof had === 'number') props[p.name] = [had, value];
    else (had as unknown[]).push(value);
  }
  r.end = packetEnd;
  return props as Properties;
}
