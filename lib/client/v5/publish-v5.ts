/**
 * The MQTT 5 side of one publication: the server's limits checked before it is sent,
 * the PUBACK's reason code turned into its result.
 */
import type { PublishPacket } from '../../codec/packet';
import { reasonCodeMeaning } from '../../codec/reason-code-meaning';
import { MqttError } from '../../errors';
import { encodeUtf8 } from '../../codec/utf8';
import type { AckPacket } from '../outbound/outbound-window';
import type { OutgoingMessage, PublishResult } from '../types';
import { LinkV5, publishPacket5 } from './link-v5';

/**
 * What keeps the server of `link` from taking `message` (see `LinkV5.publicationError`:
 * `QOS_NOT_SUPPORTED`, `RETAIN_NOT_SUPPORTED`, `PACKET_TOO_LARGE`), or null.
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
  });
}

/**
 * The result of a QoS 1 publication whose MQTT 5 PUBACK came: `ok` unless its reason
 * code is 0x80 or above, where `error` is an `MqttError` `PUBLISH_REFUSED` [MQTT-3.4.2.1].
 *
 * @example
 * ```ts
 * ackResult(message, { type: 'puback', packetId: 1, reasonCode: 0x87 }); // { ok: false, reasonCode: 0x87, error }
 * ```
 */
export function ackResult(message: OutgoingMessage, ack: AckPacket): PublishResult {
  const reasonCode = ack.type === 'puback' && ack.reasonCode !== undefined ? ack.reasonCode : 0;
  const result: PublishResult = { message, ok: reasonCode < 0x80, reasonCode };
  const properties = ack.properties;
  if (properties !== undefined && (properties.reasonString !== undefined || properties.userProperties !== undefined)) {
    result.properties = properties;
  }
  if (!result.ok) {
    const reasonString = properties && properties.reasonString;
    result.error = new MqttError(
      'PUBLISH_REFUSED',
      'the server refused the publication: ' + reasonCodeMeaning(reasonCode, 'puback') + ' (reason code 0x' + reasonCode.toString(16) + ')' +
        (reasonString ? ': ' + reasonString : ''),
    );
  }
  return result;
}
