import { createServer, Socket } from 'node:net';
import { encodePacket, PacketDecoder } from '../../../lib/codec';
import type { Packet } from '../../../lib/codec';

/** One connection a {@link FakeBroker} accepted. */
export interface FakeConnection {
  /** 0 for the first connection, then 1, 2, ... */
  readonly index: number;
  readonly socket: Socket;
  /** When it was accepted and when it closed (-1 while open), `Date.now()` ms. */
  readonly openedAt: number;
  closedAt: number;
  /** Packets decoded from the client, in order (none once reading is paused). */
  readonly received: Packet[];
  /** Bytes written to the client so far. */
  written: number;
  /** Writes a packet or raw bytes; false when the socket's buffer is full (wait for `'drain'`). */
  send(packet: Packet | Uint8Array): boolean;
}

/** What a fake broker does; every hook is optional. */
export interface FakeBrokerScript {
  /** The client's CONNECT arrived; by default the broker answers CONNACK 0. */
  connected?(connection: FakeConnection): void;
  /** A packet after the CONNECT. */
  packet?(connection: FakeConnection, packet: Packet): void;
}

/** A scripted MQTT 3.1.1 broker on 127.0.0.1 for the client's behaviour against hostile or broken peers. */
export interface FakeBroker {
  readonly port: number;
  /** `mqtt://127.0.0.1:port`. */
  readonly url: string;
  readonly connections: FakeConnection[];
  /** Destroys every connection and stops listening (also done by itself after `lifetimeMs`). */
  close(): Promise<void>;
}

/**
 * Starts a fake broker: it decodes what clients send with the codec and lets `script`
 * answer (default: CONNACK 0 to a CONNECT, nothing else). Bounded in time: it closes by
 * itself after `lifetimeMs` (default 30 s) even if the spec forgets to.
 *
 * @example
 * ```ts
 * const broker = await startFakeBroker({ connected: (c) => { c.send(CONNACK_ACCEPTED); c.socket.end(); } });
 * const client = createClient({ url: broker.url });
 * ```
 */
export function startFakeBroker(script: FakeBrokerScript = {}, lifetimeMs = 30000): Promise<FakeBroker> {
  const connections: FakeConnection[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    const decoder = new PacketDecoder({ maxPacketSize: 1 << 20 });
    const connection: FakeConnection = {
      index: connections.length,
      socket,
      openedAt: Date.now(),
      closedAt: -1,
      received: [],
      written: 0,
      send(packet) {
        const bytes = packet instanceof Uint8Array ? packet : encodePacket(packet);
        connection.written += bytes.length;
        return socket.write(bytes);
      },
    };
    connections.push(connection);
    socket.on('close', () => (connection.closedAt = Date.now()));
    socket.on('data', (chunk) => {
      let packets: Packet[];
      try {
        packets = decoder.push(chunk);
      } catch (e) {
        socket.destroy();
        return;
      }
      for (const packet of packets) {
        connection.received.push(packet);
        if (socket.destroyed) return;
        if (packet.type !== 'connect') script.packet?.(connection, packet);
        else if (script.connected) script.connected(connection);
        else connection.send(CONNACK_ACCEPTED);
      }
    });
  });
  const close = (): Promise<void> =>
    new Promise((done) => {
      clearTimeout(limit);
      for (const connection of connections) connection.socket.destroy();
      server.close(() => done());
    });
  const limit = setTimeout(() => void close(), lifetimeMs);
  limit.unref();
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ port, url: 'mqtt://127.0.0.1:' + port, connections, close });
    });
  });
}

/** CONNACK, no session present, accepted. */
export const CONNACK_ACCEPTED: Packet = { type: 'connack', sessionPresent: false, returnCode: 0 };
