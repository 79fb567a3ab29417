import { createSocket } from 'node:dgram';
import { parseNodeAddress } from '../lib/gateway/node-link';
import type { NodeSocket } from '../lib/gateway/node-client';
import { nodeHmacSha256 } from './node-hmac-sha256';

/** Options of {@link nodeUdpSocket}. */
export interface NodeUdpSocketOptions {
  /** The gateway's `"host:port"`. */
  gateway: string;
  /**
   * Local address and port to bind (default: every address, a free port). A keyed node may
   * use a new port at every wake; an open node is known by its address, so it should bind
   * the same port each time.
   */
  bind?: { host?: string; port?: number };
}

/** A {@link NodeSocket} over UDP that the caller closes when done. */
export interface ClosableNodeSocket extends NodeSocket {
  /** Closes the UDP socket; later sends fail. */
  close(): void;
}

/**
 * A {@link NodeSocket} for Node (node:dgram): text datagrams to and from the gateway only
 * (datagrams from any other address are ignored), with node:crypto's HMAC for keyed
 * nodes. Call `close()` when done.
 *
 * On Espruino write the same two functions over its own socket module; e.g.
 * `{ send: (text, done) => sock.send(text, port, host, done), onMessage: (h) => sock.on('message', (m) => h(String(m))) }`.
 *
 * @example
 * ```ts
 * const socket = nodeUdpSocket({ gateway: '127.0.0.1:8266' });
 * const node = createNodeClient({ socket });
 * node.publish('light', '417').then(() => socket.close());
 * ```
 */
export function nodeUdpSocket(options: NodeUdpSocketOptions): ClosableNodeSocket {
  const gateway = parseNodeAddress(options.gateway);
  const family = gateway.host.indexOf(':') >= 0 ? 'udp6' : 'udp4';
  const socket = createSocket({ type: family });
  const bind = options.bind || {};
  socket.bind({ address: bind.host, port: bind.port || 0 });
  let handler: (text: string) => void = () => undefined;
  let closed = false;
  socket.on('message', (message: Buffer, remote) => {
    if (remote.port === gateway.port && sameHost(remote.address, gateway.host)) handler(message.toString('utf8'));
  });
  socket.on('error', () => undefined); // sends report their own errors; a node just carries on
  return {
    hmac: nodeHmacSha256,
    send(text, done) {
      if (closed) {
        done(new Error('socket closed'));
        return;
      }
      socket.send(text, gateway.port, gateway.host, (error) => done(error || undefined));
    },
    onMessage(next) {
      handler = next;
    },
    close() {
      if (closed) return;
      closed = true;
      socket.close();
    },
  };
}

function sameHost(a: string, b: string): boolean {
  return a === b || (b === 'localhost' && (a === '127.0.0.1' || a === '::1'));
}
