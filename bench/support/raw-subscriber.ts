import type { QoS } from '../../lib/codec';
import { openRawMqtt, RawMqtt } from './raw-mqtt';

const PUBLISH = 3;

/**
 * Called per inbound PUBLISH with its payload at `bytes[start..end)` (valid during the
 * call only).
 */
export type RawMessageHandler = (bytes: Uint8Array, start: number, end: number) => void;

/**
 * A subscriber on a raw socket: connects, subscribes to `filter` at `qos`, then hands
 * every PUBLISH payload to `onMessage`; QoS 1 deliveries are acknowledged, the PUBACKs
 * of one socket chunk in one write. Resolves once the SUBACK arrived; the bench's
 * counting peer (QoS 0) and the raw contender's subscriber are both this.
 *
 * @example
 * ```ts
 * let count = 0;
 * const peer = await openRawSubscriber(port, 'counter', 'bench/1', 0, () => count++);
 * ```
 */
export async function openRawSubscriber(
  port: number,
  clientId: string,
  filter: string,
  qos: QoS,
  onMessage: RawMessageHandler,
): Promise<RawMqtt> {
  const raw = await openRawMqtt(port, clientId);
  const socket = raw.socket;
  let acks = Buffer.allocUnsafe(4 * 1024);
  let ackBytes = 0;
  const flush = (): void => {
    if (ackBytes > 0 && !socket.destroyed) socket.write(Buffer.from(acks.subarray(0, ackBytes)));
    ackBytes = 0;
  };
  raw.handler = (first, bytes, body, end) => {
    if (first >> 4 !== PUBLISH) return;
    let pos = body + 2 + ((bytes[body] << 8) | bytes[body + 1]);
    if ((first & 0x06) !== 0) {
      if (ackBytes === 0) queueMicrotask(flush);
      if (ackBytes + 4 > acks.length) {
        const bigger = Buffer.allocUnsafe(acks.length * 2);
        acks.copy(bigger, 0, 0, ackBytes);
        acks = bigger;
      }
      acks[ackBytes] = 0x40;
      acks[ackBytes + 1] = 2;
      acks[ackBytes + 2] = bytes[pos];
      acks[ackBytes + 3] = bytes[pos + 1];
      ackBytes += 4;
      pos += 2;
    }
    onMessage(bytes, pos, end);
  };
  await raw.subscribe(filter, qos);
  return raw;
}
