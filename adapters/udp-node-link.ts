import { createSocket, Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { Observable, Subject } from 'rxjs';
import { TransportError } from '../lib/errors';
import { NodeDatagram, NodeLink, formatNodeAddress, parseNodeAddress } from '../lib/gateway/node-link';

/** Options of {@link udpNodeLink}. */
export interface UdpNodeLinkOptions {
  /** The address to bind to, and only that one (e.g. `127.0.0.1`, `::1`, `192.168.0.2`). */
  host: string;
  /** The UDP port; 0 picks a free one (see {@link UdpNodeLink.address}). */
  port: number;
}

/** A bound UDP {@link NodeLink}. */
export interface UdpNodeLink extends NodeLink {
  /** Where the socket is bound (the real port when 0 was asked for). */
  readonly address: { host: string; port: number };
}

/**
 * The UDP node link (node:dgram). Cold: each subscription binds a socket to `host:port`
 * only, emits the link once it is listening, and closes the socket on unsubscribe (its
 * `datagrams$` then completes). Errors with a `TransportError` `CONNECT_FAILED` when it
 * cannot bind, `CONNECTION_LOST` when the socket fails later.
 *
 * Node addresses are `"host:port"` (see `formatNodeAddress`); `send` errors when the
 * socket reports a failed send or the link is closed. `selfAddresses` lists the bound port
 * on every local address (all interfaces when bound to a wildcard address), which the
 * gateway never takes datagrams from.
 *
 * @example
 * ```ts
 * udpNodeLink({ host: '127.0.0.1', port: 8266 }).pipe(
 *   switchMap((link) => createGateway({ client, link }).events$),
 * ).subscribe();
 * ```
 */
export function udpNodeLink(options: UdpNodeLinkOptions): Observable<UdpNodeLink> {
  if (!options || typeof options.host !== 'string' || options.host === '') throw new TypeError('udpNodeLink: host must be a non-empty string');
  if (!(Number.isInteger(options.port) && options.port >= 0 && options.port <= 65535)) {
    throw new RangeError('udpNodeLink: port must be an integer from 0 to 65535, got ' + options.port);
  }
  return new Observable<UdpNodeLink>((subscriber) => {
    const where = formatNodeAddress(options.host, options.port);
    const socket: Socket = createSocket({ type: options.host.indexOf(':') >= 0 ? 'udp6' : 'udp4' });
    const datagrams = new Subject<NodeDatagram>();
    let open = false;
    let closed = false;
    socket.on('message', (message: Buffer, remote) => {
      const data = new Uint8Array(message.length);
      data.set(message);
      datagrams.next({ from: formatNodeAddress(remote.address, remote.port), data });
    });
    socket.on('error', (error: Error) => {
      const code = open ? 'CONNECTION_LOST' : 'CONNECT_FAILED';
      subscriber.error(new TransportError(code, 'udp ' + where + ': ' + error.message, error));
    });
    socket.bind({ address: options.host, port: options.port, exclusive: true }, () => {
      open = true;
      const bound = socket.address();
      subscriber.next({
        address: { host: bound.address, port: bound.port },
        selfAddresses: selfAddresses(bound.address, bound.port),
        datagrams$: datagrams.asObservable(),
        send: (to, data) =>
          new Observable<void>((sent) => {
            if (closed) {
              sent.error(new TransportError('CONNECTION_LOST', 'udp ' + where + ' is closed'));
              return;
            }
            const target = parseNodeAddress(to);
            socket.send(data, target.port, target.host, (error) => {
              if (error) sent.error(new TransportError('CONNECTION_LOST', 'udp send to ' + to + ': ' + error.message, error));
              else sent.complete();
            });
          }),
      });
    });
    return () => {
      closed = true;
      datagrams.complete();
      try {
        socket.close();
      } catch (e) {
        // already closed after an error
      }
    };
  });
}

/** The socket's port on the bound address, or on every local address when bound to a wildcard one. */
function selfAddresses(host: string, port: number): string[] {
  const hosts = [host];
  if (host === '0.0.0.0' || host === '::') {
    const interfaces = networkInterfaces();
    const names = Object.keys(interfaces);
    for (let i = 0; i < names.length; i++) {
      const list = interfaces[names[i]] || [];
      for (let j = 0; j < list.length; j++) hosts.push(list[j].address);
    }
  }
  return hosts.map((h) => formatNodeAddress(h, port));
}
