/**
 * The MQTT 5 side of one publication: the server's limits checked before it is sent,
 * the PUBACK's reason code turned into its result.
 */
import type { PublishPacket } from '../../codec/packet';
import { reasonCodeMeaning } from '../../codec/reason-code-meaning';
import { MqttError } from '../../errors';
import { encodeUtf8 } from '../../codec/utf8';
import type { AckPacket } from './outbound-window';
import type { OutgoingMessage, PublishResult } from '../types';
import { LinkV5, publishPacket5 } from '../v5/link-v5';

/**
 * What keeps the server of `link` from taking `message` (see `LinkV5.publicationError`:
 * `QOS_NOT_SUPPORTED`, `RETAIN_NOT_SUPPORTED`, `PACKET_TOO_LARGE`, `INVALID_TOPIC_ALIAS`), or null.
 *
 * @example
 * ```ts
 * const refused = publicationError(session.v5, { topic: 'a', payload: 'x', qos: 1 });
 * ```
 */
export function publicationError(link: LinkV5, message: OutgoingMessage): MqttError | null {
  const qos = message.qos || 0;
  return link.publicationError(qos, !!message.retain, (): PublishPacket => {
    const payload = typeof message.payload === 'string' ? encodeUtf8(message.payload) : message.payload;
    return publishPacket5(message.topic, payload, qos, !!message.retain, false, qos > 0 ? 1 : undefined, message.properties);
  }, message.properties !== undefined ? message.properties.topicAlias : undefined);
}

/**
 * The result of a QoS 1 or 2 publication whose MQTT 5 acknowledgement came, with its
 * reason code and properties:
 * - PUBACK (QoS 1) and PUBREC (QoS 2): `ok` unless the reason code is 0x80 or above,
 *   where `error` is an `MqttError` `PUBLISH_REFUSED` (with `reasonCode`) [MQTT-3.4.2.1]
 *   [MQTT-3.5.2.1]; a refusing PUBREC ends the QoS 2 flow, no PUBREL follows [MQTT-4.3.3-4].
 * - PUBCOMP (QoS 2): `ok`, since the PUBREC accepted the message; its reason code is
 *   reported (0x92, Packet Identifier not found: the server no longer knew the packet id
 *   when PUBREL came, e.g. it lost the session in between) [MQTT-3.7.2.1].
 *
 * @example
 * ```ts
 * ackResult(message, { type: 'puback', packetId: 1, reasonCode: 0x87 }); // { ok: false, reasonCode: 0x87, error }
 * ackResult(message, { type: 'pubcomp', packetId: 1, reasonCode: 0x92 }); // { ok: true, reasonCode: 0x92 }
 * ```
 */
export function ackResult(message: OutgoingMessage, ack: AckPacket): PublishResult {
  const reasonCode = 'reasonCode' in ack && ack.reasonCode !== undefined ? ack.reasonCode : 0;
  const result: PublishResult = { message, ok: reasonCode < 0x80 || ack.type === 'pubcomp', reasonCode };
  const properties = ack.properties;
  if (properties !== undefined && (properties.reasonString !== undefined || properties.userProperties !== undefined)) {
    result.properties = properties;
  }
  if (!result.ok) result.error = refusal(reasonCode, ack.type, properties && properties.reasonString);
  return result;
}

/** The `PUBLISH_REFUSED` error of a PUBACK or PUBREC with reason code `reasonCode` (0x80 and above). */
export function refusal(reasonCode: number, type: string, reasonString: string | undefined): MqttError {
  const error = new MqttError(
    'PUBLISH_REFUSED',
    'the server refused the publication: ' + reasonCodeMeaning(reasonCode, type) + ' (reason code 0x' + reasonCode.toString(16) + ')' +
      (reasonString ? ': ' + reasonString : ''),
  ) as MqttError & { reasonCode: number };
  error.reasonCode = reasonCode;
  return error;
}
