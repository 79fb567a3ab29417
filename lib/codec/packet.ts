/**
 * The MQTT control packets as plain objects, a union tagged by `type`: the 14 of MQTT
 * 3.1.1 (and 3.1), plus AUTH and the reason codes and properties of MQTT 5. Field names
 * follow the spec; MQTT 5 properties are named in camelCase as MQTT.js names them.
 * Produced by {@link PacketDecoder}, consumed by {@link encodePacket}.
 */
import type {
  AckProperties, AuthProperties, ConnackProperties, ConnectProperties, DisconnectProperties,
  PublishProperties, SubscribeProperties, UnsubscribeProperties, WillProperties,
} from './properties';

export * from './properties';

/** Quality of service level. */
export type QoS = 0 | 1 | 2;

/** Protocol level: 3 (MQTT 3.1, name `MQIsdp`), 4 (MQTT 3.1.1) or 5 (MQTT 5). */
export type ProtocolVersion = 3 | 4 | 5;

/** A last-will message carried in CONNECT [MQTT-3.1.2-8]. */
export interface Will {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  /** MQTT 5 only: the will properties [MQTT-3.1.3.2]. */
  properties?: WillProperties;
}

/** CONNECT: client → server, first packet of a connection [MQTT-3.1]. */
export interface ConnectPacket {
  type: 'connect';
  /** Protocol name; `'MQTT'` for 3.1.1 and 5, `'MQIsdp'` for 3.1 (decoded as sent). */
  protocolName?: string;
  /** Protocol level: 3 (MQTT 3.1), 4 (3.1.1, the default) or 5. */
  protocolLevel?: number;
  clientId: string;
  /** Keep alive in seconds, 0–65535. */
  keepalive: number;
  /** Clean session flag. */
  clean: boolean;
  will?: Will;
  username?: string;
  /** On MQTT 5 a password may come without a user name. */
  password?: Uint8Array;
  /** MQTT 5 only [MQTT-3.1.2.11]. */
  properties?: ConnectProperties;
}

/**
 * CONNACK: server → client [MQTT-3.2]. MQTT 3.1.1 and 3.1 carry `returnCode`; MQTT 5
 * carries `reasonCode` and `properties` instead (a 3.1.1-style two-byte CONNACK received
 * on MQTT 5, as an older server refusing level 5 sends it, decodes with `returnCode`).
 */
export interface ConnackPacket {
  type: 'connack';
  sessionPresent: boolean;
  /** MQTT 3.1.1: 0 accepted; 1–5 refused. */
  returnCode?: number;
  /** MQTT 5: 0 success; 0x80 and above refused [MQTT-3.2.2.2]. */
  reasonCode?: number;
  /** MQTT 5 only. */
  properties?: ConnackProperties;
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
  /**
   * MQTT 5 only [MQTT-3.3.2.3]. With a `topicAlias` property the topic may be `''`
   * (the alias stands for it).
   */
  properties?: PublishProperties;
}

/**
 * The fields of the four publication acknowledgements. On MQTT 5 `reasonCode` is always
 * decoded (0 when the packet omits it); 3.1.1 has neither it nor `properties`.
 */
interface PublishAck {
  packetId: number;
  /** MQTT 5: 0 success; PUBACK/PUBREC 0x10 no subscribers, 0x80+ failures; PUBREL/PUBCOMP 0x92. */
  reasonCode?: number;
  /** MQTT 5 only: `reasonString`, `userProperties`. */
  properties?: AckProperties;
}

/** PUBACK: QoS 1 acknowledgement [MQTT-3.4]. */
export interface PubackPacket extends PublishAck { type: 'puback' }
/** PUBREC: QoS 2, part 1 [MQTT-3.5]. */
export interface PubrecPacket extends PublishAck { type: 'pubrec' }
/** PUBREL: QoS 2, part 2 [MQTT-3.6]. */
export interface PubrelPacket extends PublishAck { type: 'pubrel' }
/** PUBCOMP: QoS 2, part 3 [MQTT-3.7]. */
export interface PubcompPacket extends PublishAck { type: 'pubcomp' }

/**
 * One topic filter of a SUBSCRIBE. The subscription options other than `qos` are MQTT 5
 * only [MQTT-3.8.3.1]; decoded MQTT 5 subscriptions carry all three.
 */
export interface Subscription {
  topic: string;
  qos: QoS;
  /** Do not send this client its own publications back [MQTT-3.8.3-3]. */
  noLocal?: boolean;
  /** Keep the RETAIN flag of forwarded messages as published. */
  retainAsPublished?: boolean;
  /** 0 send retained messages on subscribe, 1 only for a new subscription, 2 never. */
  retainHandling?: 0 | 1 | 2;
}

/** SUBSCRIBE: client → server [MQTT-3.8]. */
export interface SubscribePacket {
  type: 'subscribe';
  packetId: number;
  subscriptions: Subscription[];
  /** MQTT 5 only: `subscriptionIdentifier`, `userProperties`. */
  properties?: SubscribeProperties;
}

/**
 * SUBACK: server → client [MQTT-3.9]; `granted` holds one code per filter: on 3.1.1
 * 0, 1, 2 or 0x80 (failure); on MQTT 5 the reason codes (0–2 granted QoS, 0x80+ refused).
 */
export interface SubackPacket {
  type: 'suback';
  packetId: number;
  granted: number[];
  /** MQTT 5 only: `reasonString`, `userProperties`. */
  properties?: AckProperties;
}

/** UNSUBSCRIBE: client → server [MQTT-3.10]. */
export interface UnsubscribePacket {
  type: 'unsubscribe';
  packetId: number;
  topics: string[];
  /** MQTT 5 only: `userProperties`. */
  properties?: UnsubscribeProperties;
}

/** UNSUBACK [MQTT-3.11]. */
export interface UnsubackPacket {
  type: 'unsuback';
  packetId: number;
  /** MQTT 5 only (and required there): one reason code per topic filter [MQTT-3.11.3]. */
  reasonCodes?: number[];
  /** MQTT 5 only: `reasonString`, `userProperties`. */
  properties?: AckProperties;
}
/** PINGREQ [MQTT-3.12]. */
export interface PingreqPacket { type: 'pingreq' }
/** PINGRESP [MQTT-3.13]. */
export interface PingrespPacket { type: 'pingresp' }
/** DISCONNECT [MQTT-3.14]; on MQTT 5 sent by either side, with a reason code (0 when omitted). */
export interface DisconnectPacket {
  type: 'disconnect';
  /** MQTT 5 only: 0 normal, 4 with will, 0x80+ errors [MQTT-3.14.2.1]. */
  reasonCode?: number;
  /** MQTT 5 only. */
  properties?: DisconnectProperties;
}
/** AUTH: MQTT 5 only, enhanced authentication in either direction [MQTT-3.15]. */
export interface AuthPacket {
  type: 'auth';
  /** 0 success, 0x18 continue authentication, 0x19 re-authenticate (0 when omitted). */
  reasonCode: number;
  properties?: AuthProperties;
}

/** Any MQTT control packet. */
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
  | DisconnectPacket
  | AuthPacket;

/** The `type` tag of a packet. */
export type PacketType = Packet['type'];
