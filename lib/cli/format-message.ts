import type { MqttMessage } from '../client/types';

/** How `rxmqtt sub` prints a message. */
export type MessageFormat = 'payload' | 'verbose' | 'json';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const NEWLINE = Buffer.from('\n');

/**
 * One output record for a received message, newline included:
 *
 * - `'payload'`: the payload bytes as they are, then `\n` (mosquitto_sub's default);
 *   nothing at all for an empty payload, as mosquitto_sub 2.0;
 * - `'verbose'`: `topic payload\n` (mosquitto_sub `-v`); `topic (null)\n` for an empty one;
 * - `'json'`: one JSON object per line, `{"topic","qos","retain","dup","payload"}`, the
 *   payload as UTF-8 text, or as `"payloadBase64"` when it is not valid UTF-8.
 *
 * @example
 * ```ts
 * stdout.write(formatMessage(message, 'verbose')); // "sensors/t1 21.5\n"
 * ```
 */
export function formatMessage(message: MqttMessage, format: MessageFormat): Uint8Array | string {
  if (format === 'json') {
    const record: { [key: string]: unknown } = {
      topic: message.topic,
      qos: message.qos,
      retain: message.retain,
      dup: message.dup,
    };
    let text: string | undefined;
    try {
      text = strictUtf8.decode(message.payload);
    } catch (_) {
      text = undefined;
    }
    if (text !== undefined) record.payload = text;
    else record.payloadBase64 = Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength).toString('base64');
    return JSON.stringify(record) + '\n';
  }
  const payload = Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength);
  // An empty message, printed as mosquitto_sub 2.0 prints it: nothing, or "topic (null)".
  if (payload.length === 0) return format === 'verbose' ? message.topic + ' (null)\n' : '';
  if (format === 'verbose') return Buffer.concat([Buffer.from(message.topic + ' '), payload, NEWLINE]);
  return Buffer.concat([payload, NEWLINE]);
}
