/**
 * The first byte of the fixed header: packet type (bits 7–4) and flags (bits 3–0)
 * [MQTT-2.2]. Checked as soon as it arrives, so a bad packet fails before its body is
 * buffered.
 */
import type { PacketType } from './packet';
import { protocolError } from './protocol-error';

/** Packet type numbers 1–14, indexed by name [MQTT-2.2.1]. */
export const PACKET_TYPE_CODES: { readonly [type: string]: number } = {
  connect: 1, connack: 2, publish: 3, puback: 4, pubrec: 5, pubrel: 6, pubcomp: 7,
  subscribe: 8, suback: 9, unsubscribe: 10, unsuback: 11, pingreq: 12, pingresp: 13, disconnect: 14, auth: 15,
};

/** Packet type names indexed by number; `''` for the reserved 0 (15 is AUTH, MQTT 5 only). */
export const PACKET_TYPE_NAMES: readonly (PacketType | '')[] = [
  '', 'connect', 'connack', 'publish', 'puback', 'pubrec', 'pubrel', 'pubcomp',
  'subscribe', 'suback', 'unsubscribe', 'unsuback', 'pingreq', 'pingresp', 'disconnect', 'auth',
];

/**
 * The name of packet type `type` (1–15) as error messages spell it, e.g. `'PUBACK'`.
 *
 * @example
 * ```ts
 * packetName(4); // 'PUBACK'
 * ```
 */
export function packetName(type: number): string {
  return PACKET_TYPE_NAMES[type].toUpperCase();
}

/** Required flag bits per type; -1 for PUBLISH, whose flags carry DUP, QoS and RETAIN [MQTT-2.2.2-1]. */
const REQUIRED_FLAGS = [0, 0, 0, -1, 0, 0, 2, 0, 2, 0, 2, 0, 0, 0, 0, 0];

/**
 * Remaining Length each fixed-size type must have, by type; -1 for variable-size types
 * [MQTT-3.2.2] [MQTT-3.12.1]. The decoder checks it from the fixed header alone.
 */
export const FIXED_LENGTHS = [-1, -1, 2, -1, 2, 2, 2, 2, -1, -1, -1, 2, 0, 0, 0, -1];

/** {@link FIXED_LENGTHS} of MQTT 5, where only PINGREQ and PINGRESP keep a fixed length. */
export const FIXED_LENGTHS_5 = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, -1, -1];

/**
 * Checks the first header byte; `maxType` is the highest packet type of the protocol
 * version: 14 before MQTT 5, 15 (AUTH) on MQTT 5.
 *
 * @throws MqttProtocolError `UNKNOWN_PACKET_TYPE` for type 0 and types over `maxType` [MQTT-2.2.1],
 *   `INVALID_HEADER_FLAGS` for reserved flags other than the spec's [MQTT-2.2.2-1] [MQTT-2.2.2-2],
 *   `INVALID_QOS` for a PUBLISH with both QoS bits set [MQTT-3.3.1-4],
 *   `INVALID_DUP_FLAG` for a QoS 0 PUBLISH with DUP set [MQTT-3.3.1-2]
 * @example
 * ```ts
 * checkFirstByte(0x62, 14); // PUBREL with flags 0010: fine
 * checkFirstByte(0x60, 14); // throws INVALID_HEADER_FLAGS
 * ```
 */
export function checkFirstByte(first: number, maxType: number): void {
  const type = first >> 4;
  const flags = first & 15;
  if (type === 0 || type > maxType) {
    throw protocolError('UNKNOWN_PACKET_TYPE', 'unknown packet type ' + type + ' [MQTT-2.2.1]');
  }
  const required = REQUIRED_FLAGS[type];
  if (required >= 0) {
    if (flags !== required) {
      throw protocolError(
        'INVALID_HEADER_FLAGS',
        packetName(type) + ': header flags ' + flags + ', must be ' + required + ' [MQTT-2.2.2-1]',
      );
    }
  } else if ((flags & 6) === 6) {
    throw protocolError('INVALID_QOS', 'PUBLISH: both QoS bits set [MQTT-3.3.1-4]');
  } else if ((flags & 14) === 8) {
    throw protocolError('INVALID_DUP_FLAG', 'PUBLISH: DUP set on a QoS 0 message [MQTT-3.3.1-2]');
  }
}
