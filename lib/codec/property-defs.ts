/**
 * The 27 MQTT 5 property identifiers [MQTT-2.2.2.2]: each one's name, wire type, value
 * range and the packets that may carry it. The property encoder and decoder both work
 * from this table.
 */

/**
 * Wire types [MQTT-1.5]: a byte holding 0 or 1 (`bool`, a JavaScript boolean), a byte, a
 * two- or four-byte integer, a Variable Byte Integer, a UTF-8 string, a UTF-8 string pair,
 * binary data.
 */
export type PropertyKind = 'bool' | 'byte' | 'u16' | 'u32' | 'varint' | 'string' | 'pair' | 'binary';

/** One property identifier. */
export interface PropertyDef {
  id: number;
  /** camelCase name, as MQTT.js names it (User Property: `userProperties`). */
  name: string;
  kind: PropertyKind;
  /** Smallest and largest value of numeric kinds (a 0 where the spec calls it a Protocol Error is refused). */
  min: number;
  max: number;
  /** Bit `1 << type` for each packet type (1–15) that may carry it; bit 0 for the will properties. */
  where: number;
}

/** "Packet type" 0 in {@link PropertyDef.where}: the will properties of a CONNECT. */
export const WILL_PROPERTIES = 0;

const WILL = 1 << 0;
const CONNECT = 1 << 1;
const CONNACK = 1 << 2;
const PUBLISH = 1 << 3;
/** PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK: reason string and user properties only. */
const ACKS = (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 9) | (1 << 11);
const SUBSCRIBE = 1 << 8;
const UNSUBSCRIBE = 1 << 10;
const DISCONNECT = 1 << 14;
const AUTH = 1 << 15;

const U16 = 65535;
const U32 = 4294967295;
const VARINT = 268435455;

function def(id: number, name: string, kind: PropertyKind, min: number, max: number, where: number): PropertyDef {
  return { id: id, name: name, kind: kind, min: min, max: max, where: where };
}

/** Every property, in identifier order. */
export const PROPERTY_LIST: readonly PropertyDef[] = [
  def(0x01, 'payloadFormatIndicator', 'bool', 0, 1, PUBLISH | WILL),
  def(0x02, 'messageExpiryInterval', 'u32', 0, U32, PUBLISH | WILL),
  def(0x03, 'contentType', 'string', 0, 0, PUBLISH | WILL),
  def(0x08, 'responseTopic', 'string', 0, 0, PUBLISH | WILL),
  def(0x09, 'correlationData', 'binary', 0, 0, PUBLISH | WILL),
  def(0x0b, 'subscriptionIdentifier', 'varint', 1, VARINT, PUBLISH | SUBSCRIBE),
  def(0x11, 'sessionExpiryInterval', 'u32', 0, U32, CONNECT | CONNACK | DISCONNECT),
  def(0x12, 'assignedClientIdentifier', 'string', 0, 0, CONNACK),
  def(0x13, 'serverKeepAlive', 'u16', 0, U16, CONNACK),
  def(0x15, 'authenticationMethod', 'string', 0, 0, CONNECT | CONNACK | AUTH),
  def(0x16, 'authenticationData', 'binary', 0, 0, CONNECT | CONNACK | AUTH),
  def(0x17, 'requestProblemInformation', 'bool', 0, 1, CONNECT),
  def(0x18, 'willDelayInterval', 'u32', 0, U32, WILL),
  def(0x19, 'requestResponseInformation', 'bool', 0, 1, CONNECT),
  def(0x1a, 'responseInformation', 'string', 0, 0, CONNACK),
  def(0x1c, 'serverReference', 'string', 0, 0, CONNACK | DISCONNECT),
  def(0x1f, 'reasonString', 'string', 0, 0, CONNACK | ACKS | DISCONNECT | AUTH),
  def(0x21, 'receiveMaximum', 'u16', 1, U16, CONNECT | CONNACK),
  def(0x22, 'topicAliasMaximum', 'u16', 0, U16, CONNECT | CONNACK),
  def(0x23, 'topicAlias', 'u16', 1, U16, PUBLISH),
  def(0x24, 'maximumQoS', 'byte', 0, 1, CONNACK),
  def(0x25, 'retainAvailable', 'bool', 0, 1, CONNACK),
  def(0x26, 'userProperties', 'pair', 0, 0, WILL | CONNECT | CONNACK | PUBLISH | ACKS | SUBSCRIBE | UNSUBSCRIBE | DISCONNECT | AUTH),
  def(0x27, 'maximumPacketSize', 'u32', 1, U32, CONNECT | CONNACK),
  def(0x28, 'wildcardSubscriptionAvailable', 'bool', 0, 1, CONNACK),
  def(0x29, 'subscriptionIdentifiersAvailable', 'bool', 0, 1, CONNACK),
  def(0x2a, 'sharedSubscriptionAvailable', 'bool', 0, 1, CONNACK),
];

/** The properties by identifier (`undefined` for an unknown one). */
export const PROPERTIES_BY_ID: readonly (PropertyDef | undefined)[] = (function () {
  const byId: (PropertyDef | undefined)[] = [];
  for (let i = 0; i < PROPERTY_LIST.length; i++) byId[PROPERTY_LIST[i].id] = PROPERTY_LIST[i];
  return byId;
})();

/** The properties by name. */
export const PROPERTIES_BY_NAME: { readonly [name: string]: PropertyDef | undefined } = (function () {
  const byName: { [name: string]: PropertyDef } = Object.create(null);
  for (let i = 0; i < PROPERTY_LIST.length; i++) byName[PROPERTY_LIST[i].name] = PROPERTY_LIST[i];
  return byName;
})();

/**
 * Whether property `p` may appear more than once in a packet of type `type`: User
 * Property always [MQTT-3.1.3-10], Subscription Identifier in PUBLISH [MQTT-3.3.4-4].
 *
 * @example
 * ```ts
 * repeatable(PROPERTIES_BY_NAME.subscriptionIdentifier!, 3); // true
 * ```
 */
export function repeatable(p: PropertyDef, type: number): boolean {
  return p.kind === 'pair' || (p.id === 0x0b && type === 3);
}
