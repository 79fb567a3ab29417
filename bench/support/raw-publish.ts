import type { RawMqtt } from './raw-mqtt';
import type { PreEncoded } from './pre-encoded';

const PUBACK = 4;

/** How {@link rawPublish} paces itself. */
export interface RawPublishOptions {
  qos: 0 | 1;
  /** QoS 1: most packets written and not yet acknowledged. */
  window: number;
  /** Most bytes per socket write. */
  chunkBytes: number;
}

/**
 * The reference ceiling: writes pre-encoded PUBLISH packets in socket-paced chunks
 * (the next write when the socket took the previous one; at most `chunkBytes` each),
 * and at QoS 1 keeps at most `window` packets unacknowledged, counting PUBACKs with
 * the minimal framer (mosquitto acknowledges in order); the PUBACKs of one socket
 * chunk release one write. Resolves when the last byte
 * was handed to the kernel (QoS 0) or the last PUBACK arrived (QoS 1); rejects when the
 * socket fails or closes first.
 *
 * @example
 * ```ts
 * await rawPublish(peer, preEncode('bench/1', payload, 1, 100000), { qos: 1, window: 100, chunkBytes: 65536 });
 * ```
 */
export function rawPublish(raw: RawMqtt, packets: PreEncoded, options: RawPublishOptions): Promise<void> {
  const socket = raw.socket;
  const offsets = packets.offsets;
  const count = packets.count;
  const window = options.qos === 1 ? options.window : count;
  const chunkBytes = options.chunkBytes;
  return new Promise<void>((resolve, reject) => {
    let sent = 0;
    let acked = 0;
    let writing = false;
    let finished = false;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      socket.off('close', onClose);
      raw.handler = () => undefined;
      if (error) reject(error);
      else resolve();
    };
    const onClose = (): void => finish(new Error('the broker closed the raw publisher after ' + sent + ' of ' + count));
    const written = (error?: Error | null): void => {
      writing = false;
      if (error) finish(error);
      else if (options.qos === 0 && sent === count) finish();
      else pump();
    };
    const pump = (): void => {
      if (writing || finished) return;
      const limit = Math.min(count, acked + window);
      if (sent >= limit) return;
      const start = offsets[sent];
      let next = sent + 1;
      while (next < limit && offsets[next + 1] - start <= chunkBytes) next++;
      const chunk = packets.bytes.subarray(start, offsets[next]);
      sent = next;
      writing = true;
      socket.write(chunk, written);
    };
    // the PUBACKs of one socket chunk release one write, after the chunk
    let scheduled = false;
    const pumpLater = (): void => {
      scheduled = false;
      pump();
    };
    raw.handler = (first) => {
      if (first >> 4 !== PUBACK) return;
      acked++;
      if (acked === count) finish();
      else if (!scheduled) {
        scheduled = true;
        queueMicrotask(pumpLater);
      }
    };
    socket.once('close', onClose);
    pump();
  });
}
