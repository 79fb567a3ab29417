/**
 * Decoding of the MQTT 5 packets that answer with reason codes: CONNACK, the four
 * publication acknowledgements, SUBACK, UNSUBACK, DISCONNECT and AUTH [MQTT-2.4].
 */
import type { ByteReader } from './byte-reader';
import { decodeConnack } from './decode-connect';
import { readProperties } from './decode-properties';
import { readList } from './decode-subscribe';
import type {
  AuthPacket, ConnackPacket, DisconnectPacket, PubackPacket, SubackPacket, UnsubackPacket,
} from './packet';
import { PACKET_TYPE_NAMES } from './fixed-header';
import { reasonCodeProblem } from './reason-codes';

/**
 * Reads a reason code and checks it against the packet's list.
 * @throws MqttProtocolError `INVALID_REASON_CODE`
 */
function readReasonCode(r: ByteReader): number {
  const code = r.u8('reason code');
  const problem = reasonCodeProblem(r.type, code);
  if (problem !== null) throw r.error('INVALID_REASON_CODE', problem);
  return code;
}

/**
 * Reads what ends a publication acknowledgement, DISCONNECT or AUTH into `packet`: a
 * reason code, then properties, each of which may be left out (reason code 0, no
 * properties) [MQTT-3.4.2.1] [MQTT-3.14.2.1] [MQTT-3.15.2.1].
 */
function readOptionalReason<P extends PubackPacket | DisconnectPacket | AuthPacket>(r: ByteReader, packet: P): P {
  if (r.more()) packet.reasonCode = readReasonCode(r);
  if (r.more()) {
    const properties = readProperties(r, r.type);
    if (properties !== undefined) packet.properties = properties;
  }
  r.done();
  return packet;
}

/**
 * Decodes an MQTT 5 CONNACK: acknowledge flags, reason code, properties. A two-byte
 * CONNACK (an MQTT 3.1.1 server refusing level 5 answers so) decodes with `returnCode`.
 *
 * @throws MqttProtocolError `INVALID_CONNACK_FLAGS` for reserved flag bits or session
 *   present with a refusal [MQTT-3.2.2-6], `INVALID_REASON_CODE`, the property errors
 * @example
 * ```ts
 * decodeConnack5(reader); // { type: 'connack', sessionPresent: false, reasonCode: 0, properties: { ... } }
 * ```
 */
export function decodeConnack5(r: ByteReader): ConnackPacket {
  if (r.end - r.pos === 2) return decodeConnack(r.bytes, r.pos);
  const flags = r.u8('acknowledge flags');
  if ((flags & 0xfe) !== 0) {
    throw r.error('INVALID_CONNACK_FLAGS', 'reserved acknowledge flag bits set (' + flags + '), see section 3.2.2.1');
  }
  const reasonCode = readReasonCode(r);
  if (flags === 1 && reasonCode >= 0x80) {
    throw r.error('INVALID_CONNACK_FLAGS', 'session present with reason code ' + reasonCode + ' [MQTT-3.2.2-6]');
  }
  const packet: ConnackPacket = { type: 'connack', sessionPresent: flags === 1, reasonCode: reasonCode };
  const properties = readProperties(r, 2);
  if (properties !== undefined) packet.properties = properties;
  r.done();
  return packet;
}

/**
 * Decodes an MQTT 5 PUBACK, PUBREC, PUBREL or PUBCOMP: packet id, then a reason code and
 * properties, which may be left out (reason code 0) [MQTT-3.4.2.1].
 *
 * @throws MqttProtocolError `INVALID_PACKET_ID`, `INVALID_REASON_CODE`, the property errors
 * @example
 * ```ts
 * decodePublishAck5(reader); // { type: 'puback', packetId: 7, reasonCode: 0x10 }
 * ```
 */
export function decodePublishAck5(r: ByteReader): PubackPacket {
  return readOptionalReason(r, { type: PACKET_TYPE_NAMES[r.type], packetId: r.packetId(), reasonCode: 0 } as PubackPacket);
}

/**
 * Decodes an MQTT 5 DISCONNECT or AUTH: a reason code and properties, both of which may be
 * left out (reason code 0) [MQTT-3.14.2.1] [MQTT-3.15.2.1].
 *
 * @throws MqttProtocolError `INVALID_REASON_CODE`, the property errors
 * @example
 * ```ts
 * decodeReasonOnly(reader); // { type: 'disconnect', reasonCode: 0x8e }
 * ```
 */
export function decodeReasonOnly(r: ByteReader): DisconnectPacket | AuthPacket {
  return readOptionalReason(r, { type: PACKET_TYPE_NAMES[r.type], reasonCode: 0 } as AuthPacket);
}

/**
 * Decodes an MQTT 5 SUBACK (`granted` holds the reason codes) or UNSUBACK (`reasonCodes`):
 * packet id, properties, one reason code per topic filter [MQTT-3.9.3] [MQTT-3.11.3].
 *
 * @throws MqttProtocolError `EMPTY_SUBSCRIPTION_LIST`, `INVALID_REASON_CODE`,
 *   `INVALID_PACKET_ID`, the property errors
 * @example
 * ```ts
 * decodeSubscribeAck5(reader); // { type: 'suback', packetId: 1, granted: [1, 0x87] }
 * ```
 */
export function decodeSubscribeAck5(r: ByteReader): SubackPacket | UnsubackPacket {
  const packetId = r.packetId();
  const properties = readProperties(r, r.type);
  const codes = readList(r, readReasonCode, 'reason code', r.type === 9 ? 'MQTT-3.9.3-1' : 'MQTT-3.11.3-1');
  const packet: SubackPacket | UnsubackPacket = r.type === 9
    ? { type: 'suback', packetId: packetId, granted: codes }
    : { type: 'unsuback', packetId: packetId, reasonCodes: codes };
  if (properties !== undefined) packet.properties = properties;
  return packet;
}
