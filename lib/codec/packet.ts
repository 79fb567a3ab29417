/**
 * The 14 MQTT 3.1.1 control packets as plain objects, a union tagged by `type`.
 * Field names follow the spec. Produced by {@link PacketDecoder}, consumed by
 * {@link encodePacket}.
 */

/** Quality of service level. */
export type QoS = 0 | 1 | 2;

/** A last-will message carried in CONNECT [MQTT-3.1.2-8]. */
export interface Will {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
}

/** CONNECT: client → server, first packet of a connection [MQTT-3.1]. */
export interface ConnectPacket {
  type: 'connect';
  /** Protocol name; `'MQTT'` for 3.1.1 (decoded as sent). */
  protocolName?: string;
  /** Protocol level; 4 for 3.1.1. */
  protocolLevel?: number;
  clientId: string;
  /** Keep alive in seconds, 0–65535. */
  keepalive: number;
  /** Clean session flag. */
  clean: boolean;
  will?: Will;
  username?: string;
  password?: Uint8Array;
}

/** CONNACK: server → client [MQTT-3.2]. */
export interface ConnackPacket {
  type: 'connack';
  sessionPresent: boolean;
  /** 0 accepted; 1–5 refused. */
  returnCode: number;
}

/** PUBLISH: both directions [MQTT-3.3]. */
export interface PublishPacket {
  type: 'publish';
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  /** Present when qos > 0 (1–65535). */
  packetId?: number;
}

/** PUBACK: QoS 1 acknowledgement [MQTT-3.4]. */
export interface PubackPacket { type: 'puback'; packetId: number }
/** PUBREC: QoS 2, part 1 [MQTT-3.5]. */
export interface PubrecPacket { type: 'pubrec'; packetId: number }
/** PUBREL: QoS 2, part 2 [MQTT-3.6]. */
export interface PubrelPacket { type: 'pubrel'; packetId: number }
/** PUBCOMP: QoS 2, part 3 [MQTT-3.7]. */
export interface PubcompPacket { type: 'pubcomp'; packetId: number }

/** One topic filter of a SUBSCRIBE. */
export interface Subscription { topic: string; qos: QoS }

/** SUBSCRIBE: client → server [MQTT-3.8]. */
export interface SubscribePacket {
  type: 'subscribe';
  packetId: number;
  subscriptions: Subscription[];
}

/** SUBACK: server → client; `granted` holds 0, 1, 2 or 0x80 (failure) per filter [MQTT-3.9]. */
export interface SubackPacket {
  type: 'suback';
  packetId: number;
  granted: number[];
}

/** UNSUBSCRIBE: client → server [MQTT-3.10]. */
export interface UnsubscribePacket {
  type: 'unsubscribe';
  packetId: number;
  topics: string[];
}

/** UNSUBACK [MQTT-3.11]. */
export interface UnsubackPacket { type: 'unsuback'; packetId: number }
/** PINGREQ [MQTT-3.12]. */
export interface PingreqPacket { type: 'pingreq' }
/** PINGRESP [MQTT-3.13]. */
export interface PingrespPacket { type: 'pingresp' }
/** DISCONNECT [MQTT-3.14]. */
export interface DisconnectPacket { type: 'disconnect' }

/** Any MQTT 3.1.1 control packet. */
export type Packet =
  | ConnectPacket
  | ConnackPacket
  | PublishPacket
  | PubackPacket
  | PubrecPacket
  | PubrelPacket
  | PubcompPacket
  | SubscribePacket
  | SubackPacket
  | UnsubscribePacket
  | UnsubackPacket
  | PingreqPacket
  | PingrespPacket
  | DisconnectPacket;

/** The `type` tag of a packet. */
export type PacketType = Packet['type'];
