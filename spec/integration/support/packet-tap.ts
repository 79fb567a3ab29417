import { map, tap } from 'rxjs';
import { PacketDecoder } from '../../../lib';
import type { Transport } from '../../../lib';

/** The packet types a {@link tapPackets} transport saw, with when (ms since the tap was made). */
export interface PacketLog {
  sent: Array<{ type: string; at: number }>;
  received: Array<{ type: string; at: number }>;
  /** How many sent (or received) packets have `type`. */
  count(direction: 'sent' | 'received', type: string): number;
  /** The longest time in ms the client sent nothing, from its first packet until now. */
  longestSendGap(): number;
}

/**
 * Wraps a transport and decodes what passes through it in both directions, so a spec
 * can see which packets the client exchanged with a real broker (PINGREQs, say).
 *
 * @example
 * ```ts
 * const { transport, log } = tapPackets(tcpTransport({ host: '127.0.0.1', port }));
 * createClient({ transport, keepalive: 1 });
 * // ... later
 * expect(log.count('sent', 'pingreq')).toBeGreaterThan(0);
 * ```
 */
export function tapPackets(inner: Transport): { transport: Transport; log: PacketLog } {
  const start = Date.now();
  const log: PacketLog = {
    sent: [],
    received: [],
    count: (direction, type) => log[direction].filter((p) => p.type === type).length,
    longestSendGap() {
      const times = log.sent.map((p) => p.at).concat([Date.now() - start]);
      let longest = 0;
      for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i] - times[i - 1]);
      return longest;
    },
  };
  const transport: Transport = {
    open: () =>
      inner.open().pipe(
        map((connection) => {
          const outbound = new PacketDecoder({});
          const inbound = new PacketDecoder({});
          const record = (into: PacketLog['sent'], decoder: PacketDecoder, bytes: Uint8Array): void => {
            const packets = decoder.push(bytes);
            for (let i = 0; i < packets.length; i++) into.push({ type: packets[i].type, at: Date.now() - start });
          };
          return {
            data$: connection.data$.pipe(tap((chunk) => record(log.received, inbound, chunk))),
            drain$: connection.drain$,
            write(bytes: Uint8Array): boolean {
              record(log.sent, outbound, bytes);
              return connection.write(bytes);
            },
            close: () => connection.close(),
          };
        }),
      ),
  };
  return { transport, log };
}
