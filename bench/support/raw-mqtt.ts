import { connect, Socket } from 'node:net';
import { encodePacket } from '../../lib/codec';
import type { QoS } from '../../lib/codec';
import { FrameHandler, FrameScanner } from './frame-scanner';

const CONNACK = 2;
const SUBACK = 9;

/**
 * One MQTT connection on a plain `net.Socket`, without a client library: the raw
 * contender and the bench's counting peers use it. Packets other than CONNACK and
 * SUBACK go to {@link handler} as frames ({@link FrameScanner}); writes are the
 * caller's, straight on {@link socket}.
 */
export interface RawMqtt {
  readonly socket: Socket;
  /** Receives every frame but CONNACK/SUBACK; replace it at will. */
  handler: FrameHandler;
  /** Sends SUBSCRIBE and resolves on its SUBACK; rejects when the broker refuses. */
  subscribe(filter: string, qos: QoS): Promise<void>;
  /** Sends DISCONNECT and closes the socket. */
  close(): void;
}

function ignore(): void {
  // frames nobody asked for
}

/**
 * Connects to the broker on 127.0.0.1:`port` with a clean session (keepalive off) and
 * resolves once the CONNACK accepted it; TCP_NODELAY is on, like rxmqtt's TCP adapter.
 * Rejects on a refused CONNACK or a socket error.
 *
 * @example
 * ```ts
 * const peer = await openRawMqtt(broker.port, 'counter');
 * await peer.subscribe('bench/1', 0);
 * peer.handler = (first) => { if (first >> 4 === 3) count++; };
 * ```
 */
export function openRawMqtt(port: number, clientId: string): Promise<RawMqtt> {
  return new Promise<RawMqtt>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    let waiting: ((first: number, bytes: Uint8Array, body: number) => void) | null = null;
    const raw: RawMqtt = {
      socket,
      handler: ignore,
      subscribe(filter, qos) {
        return new Promise<void>((done, fail) => {
          waiting = (first, bytes, body) => {
            waiting = null;
            if (bytes[body + 2] === 0x80) fail(new Error('SUBSCRIBE ' + filter + ' refused'));
            else done();
          };
          socket.write(encodePacket({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: filter, qos }] }));
        });
      },
      close() {
        if (!socket.destroyed) socket.end(encodePacket({ type: 'disconnect' }));
        setTimeout(() => socket.destroy(), 200).unref();
      },
    };
    const scanner = new FrameScanner((first, bytes, body, end) => {
      const type = first >> 4;
      if ((type === CONNACK || type === SUBACK) && waiting !== null) waiting(first, bytes, body);
      else raw.handler(first, bytes, body, end);
    });
    socket.on('data', (chunk: Buffer) => scanner.push(chunk));
    socket.on('error', reject); // later errors end the phase by its deadline
    socket.once('connect', () => {
      waiting = (first, bytes, body) => {
        waiting = null;
        if (bytes[body + 1] !== 0) reject(new Error('CONNACK refused ' + clientId + ': return code ' + bytes[body + 1]));
        else resolve(raw);
      };
      socket.write(encodePacket({ type: 'connect', clientId, keepalive: 0, clean: true }));
    });
  });
}
