import type { QoS } from '../../lib/codec';
import { afterTopic, PubackBatch } from './puback-batch';
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
  const acks = new PubackBatch();
  const flush = (): void => {
    const out = acks.take();
    if (out !== null && !socket.destroyed) socket.write(out);
  };
  raw.handler = (first, bytes, body, end) => {
    if (first >> 4 !== PUBLISH) return;
    let pos = afterTopic(bytes, body);
    if ((first & 0x06) !== 0) {
      if (acks.size === 0) queueMicrotask(flush);
      acks.add(bytes, pos);
      pos += 2;
    }
    onMessage(bytes, pos, end);
  };
  await raw.subscribe(filter, qos);
  return raw;
}
