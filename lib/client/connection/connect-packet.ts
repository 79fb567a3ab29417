import type { ConnectPacket, ConnectProperties, ProtocolVersion, Will } from '../../codec/packet';

/** The checked options a CONNECT is built from (a subset of the resolved client options). */
export interface ConnectFields {
  clientId: string;
  username?: string;
  password?: Uint8Array;
  /** Seconds; 0 disables keepalive. */
  keepalive: number;
  /** Clean session on reconnections. */
  clean: boolean;
  /** Clean session on the first connection (mqtt_as `clean_init`). */
  cleanInit: boolean;
  will?: Will;
  /** 3 (MQTT 3.1), 4 (3.1.1) or 5. */
  protocolVersion: ProtocolVersion;
  /** MQTT 5 only: the CONNECT properties. */
  properties?: ConnectProperties;
}

/**
 * Builds the CONNECT of a connection; `first` is true for the first connection of the
 * client, which uses `cleanInit` instead of `clean` [MQTT-3.1.2-4].
 *
 * @example
 * connectPacket({ clientId: 'a', keepalive: 60, clean: false, cleanInit: true }, true).clean; // true
 */
export function connectPacket(options: ConnectFields, first: boolean): ConnectPacket {
  const packet: ConnectPacket = {
    type: 'connect',
    clientId: options.clientId,
    keepalive: options.keepalive,
    clean: first ? options.cleanInit : options.clean,
  };
  if (options.protocolVersion !== 4) packet.protocolLevel = options.protocolVersion;
  if (options.properties !== undefined) packet.properties = options.properties;
  if (options.will) packet.will = options.will;
  if (options.username !== undefined) packet.username = options.username;
  if (options.password !== undefined) packet.password = options.password;
  return packet;
}
