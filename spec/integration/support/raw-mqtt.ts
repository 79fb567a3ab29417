/**
 * Hand-built MQTT packets for transport-level tests that must not depend on the codec.
 * `openConnection`, `openError` and `recordData` come from `spec/adapters/support/connection-probe`.
 */
export { openConnection, openError, recordData } from '../../adapters/support/connection-probe';

/**
 * A hand-built MQTT 3.1.1 CONNECT (level 4, clean session, no will, no credentials)
 * for transport-level tests that must not depend on the codec.
 *
 * @example
 * ```ts
 * connection.write(rawConnect('probe'));
 * ```
 */
export function rawConnect(clientId: string, keepalive = 10): Uint8Array {
  const id = Buffer.from(clientId, 'utf8');
  const variable = [0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, keepalive >> 8, keepalive & 0xff, id.length >> 8, id.length & 0xff];
  const remaining = variable.length + id.length;
  if (remaining > 127) throw new RangeError('client id too long for this helper');
  return Uint8Array.from([0x10, remaining].concat(variable, Array.from(id)));
}

/** DISCONNECT: the broker closes the connection after it. */
export const RAW_DISCONNECT = Uint8Array.of(0xe0, 0);

/** CONNACK, session not present, return code 0. */
export const RAW_CONNACK_ACCEPTED = [0x20, 2, 0, 0];
