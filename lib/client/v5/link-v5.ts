/**
 * What one MQTT 5 connection does beyond 3.1.1, kept out of the {@link Link} it serves:
 * the CONNACK's verdict and limits, the server's DISCONNECT, inbound topic aliases,
 * outbound PUBLISH properties and enhanced authentication.
 */
import { encodePacket } from '../../codec/encode';
import type { ConnackPacket, ConnackProperties, ConnectProperties, DisconnectPacket, PublishPacket, PublishProperties, QoS } from '../../codec/packet';
import { reasonCodeMeaning } from '../../codec/reason-code-meaning';
import { ConnectionRefusedError, MqttError, ServerDisconnectError } from '../../errors';
import { AuthHook, AuthLink, EnhancedAuth } from './enhanced-auth';
import { InboundTopicAliases } from './inbound-topic-aliases';
import { OutboundTopicAliases } from './outbound-topic-aliases';
import { ServerLimits, serverLimits } from './server-limits';

/**
 * The error a CONNACK refuses the connection with, or null when it accepts it. A
 * 3.1.1-form CONNACK (a `returnCode`, as an older server refusing level 5 sends it)
 * counts by its return code [MQTT-3.2.2.3]; an MQTT 5 one by its reason code, 0x80 and
 * above refused [MQTT-3.2.2.2].
 *
 * @example
 * ```ts
 * connackRefusal({ type: 'connack', sessionPresent: false, reasonCode: 0x87 }); // ConnectionRefusedError
 * ```
 */
export function connackRefusal(packet: ConnackPacket): ConnectionRefusedError | null {
  if (packet.returnCode !== undefined) return packet.returnCode === 0 ? null : new ConnectionRefusedError(packet.returnCode);
  const code = packet.reasonCode || 0;
  if (code < 0x80) return null;
  const reasonString = packet.properties && packet.properties.reasonString;
  const refused = new ConnectionRefusedError(code, reasonCodeMeaning(code, 'connack'));
  // MQTT 5 names its codes reason codes: the message says so, with the server's reason string
  refused.message = 'connection refused: ' + refused.reason + ' (reason code 0x' + code.toString(16) + ')' + (reasonString ? ': ' + reasonString : '');
  refused.reasonCode = code;
  if (reasonString !== undefined) refused.reasonString = reasonString;
  // 0x9C (Use another server), 0x9D (Server moved): where the reconnect policy goes next
  const reference = packet.properties && packet.properties.serverReference;
  if (reference !== undefined) (refused as ConnectionRefusedError & { serverReference?: string }).serverReference = reference;
  return refused;
}

/**
 * The error of a DISCONNECT the server sent: `SERVER_DISCONNECT` with its reason code,
 * reason string and server reference.
 *
 * @example
 * ```ts
 * serverDisconnectError({ type: 'disconnect', reasonCode: 0x8b }).code; // 'SERVER_DISCONNECT'
 * ```
 */
export function serverDisconnectError(packet: DisconnectPacket): ServerDisconnectError {
  const code = packet.reasonCode || 0;
  const p = packet.properties || {};
  return new ServerDisconnectError(code, reasonCodeMeaning(code, 'disconnect'), p.reasonString, p.serverReference);
}

/**
 * The MQTT 5 state of one connection: the server's limits from its CONNACK and the
 * inbound topic aliases (both reset on every connection [MQTT-3.3.2-7]).
 */
export class LinkV5 {
  /** The CONNACK's properties, `{}` until it came. */
  connackProperties: ConnackProperties = {};
  /** The server's limits (the spec's defaults until the CONNACK came). */
  limits: ServerLimits = serverLimits();
  /** The enhanced authentication exchanges of the connection [MQTT-4.12]. */
  readonly auth: EnhancedAuth;
  private readonly aliases: InboundTopicAliases;
  /** The aliases we assign, up to the server's `topicAliasMaximum` (none until the CONNACK came). */
  private outbound = new OutboundTopicAliases(0);

  /**
   * @param connect the properties of our CONNECT (`topicAliasMaximum`, `authenticationMethod`)
   * @param authenticate the hook that answers the server's AUTH challenges
   * @param link where AUTH packets go and what an authentication failure ends
   */
  constructor(connect: ConnectProperties | undefined, authenticate: AuthHook | undefined, link: AuthLink) {
    const properties = connect || {};
    this.aliases = new InboundTopicAliases(properties.topicAliasMaximum || 0);
    this.auth = new EnhancedAuth(properties.authenticationMethod, authenticate, link);
  }

  /** Takes in the CONNACK that accepted the connection. */
  accepted(packet: ConnackPacket): void {
    this.connackProperties = packet.properties || {};
    this.limits = serverLimits(packet.properties);
    this.outbound = new OutboundTopicAliases(this.limits.topicAliasMaximum);
  }

  /**
   * Gives an outbound PUBLISH (about to be written) its Topic Alias when the server takes
   * aliases (`topicAliasMaximum` > 0): a topic's first PUBLISH on this connection carries
   * the topic and a new alias, later ones an empty topic and the alias (see
   * {@link OutboundTopicAliases}: least recently used aliases are reassigned). A
   * `topicAlias` the application gave is sent with the topic and used for later
   * publications to it. Call in write order; `packet` is changed, its properties copied.
   */
  aliasTopic(packet: PublishPacket): void {
    const given = packet.properties !== undefined ? packet.properties.topicAlias : undefined;
    if (given !== undefined && given > this.outbound.maximum) {
      // a re-sent publication whose alias this server does not take (publish() checked it against the server it was given on)
      packet.properties = Object.assign({}, packet.properties);
      delete packet.properties.topicAlias;
      return;
    }
    if (this.outbound.maximum < 1) return;
    const aliased = given !== undefined ? this.outbound.set(packet.topic, given) : this.outbound.assign(packet.topic);
    packet.topic = aliased.topic;
    packet.properties = Object.assign({}, packet.properties, { topicAlias: aliased.topicAlias });
  }

  /**
   * Puts the topic an inbound PUBLISH's alias stands for in its `topic`.
   * @throws MqttProtocolError `INVALID_TOPIC_ALIAS` with the `reasonCode` to DISCONNECT with
   */
  resolveTopic(packet: PublishPacket): void {
    const alias = packet.properties && packet.properties.topicAlias;
    packet.topic = this.aliases.resolve(packet.topic, alias);
  }

  /**
   * What keeps the server from taking this publication (its `maximumQoS`,
   * `retainAvailable`, `maximumPacketSize`), as a coded error, or null
   * [MQTT-3.2.2-11] [MQTT-3.2.2-14] [MQTT-3.2.2-15] [MQTT-3.1.2-24].
   *
   * A `topicAlias` the application gave must be within the server's
   * `topicAliasMaximum` [MQTT-3.3.2-8]: else `INVALID_TOPIC_ALIAS`.
   *
   * Codes: `QOS_NOT_SUPPORTED`, `RETAIN_NOT_SUPPORTED`, `PACKET_TOO_LARGE`, `INVALID_TOPIC_ALIAS`.
   */
  publicationError(qos: QoS, retain: boolean, packet: () => PublishPacket, topicAlias?: number): MqttError | null {
    const limits = this.limits;
    if (topicAlias !== undefined && topicAlias > limits.topicAliasMaximum) {
      return new MqttError(
        'INVALID_TOPIC_ALIAS',
        'topic alias ' + topicAlias + ' is over the server\'s topic alias maximum ' + limits.topicAliasMaximum + ' [MQTT-3.3.2-8]',
      );
    }
    if (qos > limits.maximumQoS) {
      return new MqttError('QOS_NOT_SUPPORTED', 'QoS ' + qos + ' is over the server\'s maximum QoS ' + limits.maximumQoS);
    }
    if (retain && !limits.retainAvailable) return new MqttError('RETAIN_NOT_SUPPORTED', 'the server does not accept retained messages');
    if (limits.maximumPacketSize !== Infinity) {
      const size = encodePacket(packet(), { protocolVersion: 5 }).length;
      if (size > limits.maximumPacketSize) {
        return new MqttError('PACKET_TOO_LARGE', 'the PUBLISH is ' + size + ' bytes, over the server\'s maximum packet size ' + limits.maximumPacketSize);
      }
    }
    return null;
  }
}

/**
 * The PUBLISH packet of a publication with MQTT 5 properties.
 *
 * @example
 * ```ts
 * publishPacket5('a/b', bytes, 1, false, false, 7, { contentType: 'text/plain' });
 * ```
 */
export function publishPacket5(
  topic: string,
  payload: Uint8Array,
  qos: QoS,
  retain: boolean,
  dup: boolean,
  packetId: number | undefined,
  properties: PublishProperties | undefined,
): PublishPacket {
  const packet: PublishPacket = { type: 'publish', topic, payload, qos, retain, dup };
  if (packetId !== undefined) packet.packetId = packetId;
  if (properties !== undefined) packet.properties = properties;
  return packet;
}
