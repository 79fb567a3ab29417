/**
 * MQTT 5 properties [MQTT-2.2.2]: the types of each packet's property set, named in
 * camelCase as MQTT.js names them. Which property may appear in which packet is in
 * {@link PROPERTY_DEFS}.
 */

/**
 * User properties: name → value, or the values in order when a name repeats
 * [MQTT-3.1.3-10]. Encoded as one User Property (0x26) per value.
 */
export type UserProperties = Record<string, string | string[]>;

/** The properties of a will message (CONNECT payload) [MQTT-3.1.3.2]. */
export interface WillProperties {
  /** 0x18, seconds the server waits before publishing the will. */
  willDelayInterval?: number;
  /** 0x01, `true`: the payload is UTF-8 text. */
  payloadFormatIndicator?: boolean;
  /** 0x02, seconds. */
  messageExpiryInterval?: number;
  /** 0x03 */
  contentType?: string;
  /** 0x08 */
  responseTopic?: string;
  /** 0x09 */
  correlationData?: Uint8Array;
  /** 0x26 */
  userProperties?: UserProperties;
}

/** The properties of CONNECT [MQTT-3.1.2.11]. */
export interface ConnectProperties {
  /** 0x11, seconds; 0xFFFFFFFF never expires. */
  sessionExpiryInterval?: number;
  /** 0x21, 1–65,535 QoS 1 and 2 publications in flight towards the client. */
  receiveMaximum?: number;
  /** 0x27, 1–4,294,967,295 bytes. */
  maximumPacketSize?: number;
  /** 0x22 */
  topicAliasMaximum?: number;
  /** 0x19 */
  requestResponseInformation?: boolean;
  /** 0x17 */
  requestProblemInformation?: boolean;
  /** 0x26 */
  userProperties?: UserProperties;
  /** 0x15 */
  authenticationMethod?: string;
  /** 0x16 */
  authenticationData?: Uint8Array;
}

/** The properties of CONNACK [MQTT-3.2.2.3]. */
export interface ConnackProperties {
  /** 0x11 */
  sessionExpiryInterval?: number;
  /** 0x21, 1–65,535. */
  receiveMaximum?: number;
  /** 0x24, 0 or 1 (absent: 2). */
  maximumQoS?: number;
  /** 0x25 */
  retainAvailable?: boolean;
  /** 0x27, 1–4,294,967,295. */
  maximumPacketSize?: number;
  /** 0x12 */
  assignedClientIdentifier?: string;
  /** 0x22 */
  topicAliasMaximum?: number;
  /** 0x1F */
  reasonString?: string;
  /** 0x26 */
  userProperties?: UserProperties;
  /** 0x28 */
  wildcardSubscriptionAvailable?: boolean;
  /** 0x29 */
  subscriptionIdentifiersAvailable?: boolean;
  /** 0x2A */
  sharedSubscriptionAvailable?: boolean;
  /** 0x13, seconds; replaces the client's keep alive. */
  serverKeepAlive?: number;
  /** 0x1A */
  responseInformation?: string;
  /** 0x1C */
  serverReference?: string;
  /** 0x15 */
  authenticationMethod?: string;
  /** 0x16 */
  authenticationData?: Uint8Array;
}

/** The properties of PUBLISH [MQTT-3.3.2.3]. */
export interface PublishProperties {
  /** 0x01, `true`: the payload is UTF-8 text. */
  payloadFormatIndicator?: boolean;
  /** 0x02, seconds. */
  messageExpiryInterval?: number;
  /** 0x23, 1–65,535. */
  topicAlias?: number;
  /** 0x08 */
  responseTopic?: string;
  /** 0x09 */
  correlationData?: Uint8Array;
  /** 0x26 */
  userProperties?: UserProperties;
  /**
   * 0x0B, 1–268,435,455; server → client only. A number, or the list when the message
   * matched several subscriptions that carry identifiers [MQTT-3.3.4-4].
   */
  subscriptionIdentifier?: number | number[];
  /** 0x03 */
  contentType?: string;
}

/** The properties of PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK and UNSUBACK. */
export interface AckProperties {
  /** 0x1F */
  reasonString?: string;
  /** 0x26 */
  userProperties?: UserProperties;
}

/** The properties of SUBSCRIBE [MQTT-3.8.2.1]. */
export interface SubscribeProperties {
  /** 0x0B, 1–268,435,455. */
  subscriptionIdentifier?: number;
  /** 0x26 */
  userProperties?: UserProperties;
}

/** The properties of UNSUBSCRIBE [MQTT-3.10.2.1]. */
export interface UnsubscribeProperties {
  /** 0x26 */
  userProperties?: UserProperties;
}

/** The properties of DISCONNECT [MQTT-3.14.2.2]. */
export interface DisconnectProperties {
  /** 0x11; a client may not raise it from 0 at DISCONNECT [MQTT-3.14.2-2]. */
  sessionExpiryInterval?: number;
  /** 0x1F */
  reasonString?: string;
  /** 0x26 */
  userProperties?: UserProperties;
  /** 0x1C */
  serverReference?: string;
}

/** The properties of AUTH [MQTT-3.15.2.2]. */
export interface AuthProperties {
  /** 0x15 */
  authenticationMethod?: string;
  /** 0x16 */
  authenticationData?: Uint8Array;
  /** 0x1F */
  reasonString?: string;
  /** 0x26 */
  userProperties?: UserProperties;
}

/** Any property set, as the property codec handles them. */
export type Properties = WillProperties | ConnectProperties | ConnackProperties | PublishProperties
  | AckProperties | SubscribeProperties | UnsubscribeProperties | DisconnectProperties | AuthProperties;
