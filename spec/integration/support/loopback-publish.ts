import { encodePacket } from '../../../lib/codec/encode';
import { PacketDecoder } from '../../../lib/codec/decoder';
import type { Packet, PublishPacket } from '../../../lib/codec/packet';
import type { Transport } from '../../../lib/client/transport';
import { openConnection } from '../../adapters/support/connection-probe';

/** What {@link loopbackPublish} saw. */
export interface LoopbackResult {
  /** The PUBLISH the broker sent back. */
  received: PublishPacket;
  /** How many `data$` chunks carried it (more than one: it spanned chunks/frames). */
  chunks: number;
  /** Every packet decoded, in order. */
  packets: Packet[];
}

/**
 * Through `transport` and the codec: CONNECT, SUBSCRIBE to a fresh topic, PUBLISH
 * `payload` (QoS 0) to it, and resolve once the broker sends it back — every packet
 * framed by `PacketDecoder` from whatever chunks `data$` delivers. Rejects on a
 * protocol error, a transport error, or after `ms`.
 *
 * @example
 * ```ts
 * const { received } = await loopbackPublish(tcpTransport({ host: '127.0.0.1', port }), new Uint8Array(300000));
 * ```
 */
export async function loopbackPublish(transport: Transport, payload: Uint8Array, ms = 10000): Promise<LoopbackResult> {
  const { connection, release } = await openConnection(transport);
  const topic = 'rxmqtt/adapters/loopback/' + Math.random().toString(36).slice(2);
  const decoder = new PacketDecoder({});
  const packets: Packet[] = [];
  let chunks = 0;
  let publishChunks = 0;
  try {
    return await new Promise<LoopbackResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no loopback within ' + ms + ' ms; saw ' + JSON.stringify(packets.map((p) => p.type)))), ms);
      const done = (error: unknown, result?: LoopbackResult): void => {
        clearTimeout(timer);
        subscription.unsubscribe();
        if (error) reject(error);
        else resolve(result as LoopbackResult);
      };
      const subscription = connection.data$.subscribe({
        next: (chunk) => {
          chunks++;
          let fresh: Packet[];
          try {
            fresh = decoder.push(chunk);
          } catch (error) {
            done(error);
            return;
          }
          for (let i = 0; i < fresh.length; i++) {
            const packet = fresh[i];
            packets.push(packet);
            if (packet.type === 'connack') {
              connection.write(encodePacket({ type: 'subscribe', packetId: 1, subscriptions: [{ topic, qos: 0 }] }));
            } else if (packet.type === 'suback') {
              publishChunks = chunks;
              connection.write(encodePacket({ type: 'publish', topic, payload, qos: 0, retain: false, dup: false }));
            } else if (packet.type === 'publish') {
              done(undefined, { received: packet, chunks: chunks - publishChunks, packets });
              return;
            }
          }
        },
        error: (error: unknown) => done(error),
        complete: () => done(new Error('data$ completed before the loopback')),
      });
      connection.write(encodePacket({ type: 'connect', clientId: 'rxmqtt-loopback-' + Math.random().toString(36).slice(2, 8), keepalive: 30, clean: true }));
    });
  } finally {
    release();
  }
}
