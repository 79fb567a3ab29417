import type { Observable } from 'rxjs';

/**
 * Where a node is, as the link names it: `"host:port"` for UDP (`"127.0.0.1:40001"`,
 * `"[::1]:40001"`). A plain string so it can key plain objects.
 */
export type NodeAddress = string;

/** One datagram a node sent to the gateway. */
export interface NodeDatagram {
  /** The sender; replies go back to this address. */
  from: NodeAddress;
  /** The raw bytes, unparsed. */
  data: Uint8Array;
}

/**
 * The gateway's side of the radio or network that carries node datagrams (ESPNow in
 * seed 004, UDP here). Pluggable: the gateway only needs these two members.
 *
 * @example
 * ```ts
 * const link: NodeLink = {
 *   datagrams$: incoming$,
 *   send: (to, data) => defer(() => radio.send(to, data)),
 * };
 * createGateway({ client, link }).events$.subscribe();
 * ```
 */
export interface NodeLink {
  /**
   * Every datagram that arrives, in arrival order. Hot; may complete when the link
   * closes. The gateway never sends anything a node did not provoke to a node it has
   * not heard from.
   */
  readonly datagrams$: Observable<NodeDatagram>;
  /**
   * Sends one datagram. Lazy: sends on subscription, then completes once the link has
   * handed it on; errors when the link reports the send failed (the gateway then keeps
   * the message queued for that node).
   */
  send(to: NodeAddress, data: Uint8Array): Observable<void>;
  /**
   * The link's own addresses, if it has any (the UDP link: its port on every local
   * address). The gateway never acts on a datagram from one of them, so its own replies
   * spoofed back at it cannot loop.
   */
  readonly selfAddresses?: readonly NodeAddress[];
}

/**
 * Formats a UDP node address: `"host:port"`, IPv6 hosts in brackets.
 *
 * @example
 * ```ts
 * formatNodeAddress('127.0.0.1', 40001); // "127.0.0.1:40001"
 * formatNodeAddress('::1', 40001);       // "[::1]:40001"
 * ```
 */
export function formatNodeAddress(host: string, port: number): NodeAddress {
  return (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
}

/**
 * Splits a `"host:port"` address (IPv6 hosts in brackets) into its parts.
 * Throws a `TypeError` when the address has no host or no valid port (1–65535; 0 too
 * with `allowPortZero`, for an address to bind to a free port).
 *
 * @example
 * ```ts
 * parseNodeAddress('[::1]:40001'); // { host: '::1', port: 40001 }
 * ```
 */
export function parseNodeAddress(address: string, allowPortZero = false): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  let host = colon > 0 ? address.slice(0, colon) : '';
  const portText = colon > 0 ? address.slice(colon + 1) : '';
  if (host.charAt(0) === '[' && host.charAt(host.length - 1) === ']') host = host.slice(1, -1);
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  const lowest = allowPortZero ? 0 : 1;
  if (host === '' || host.indexOf('[') >= 0 || !(port >= lowest && port <= 65535)) {
    throw new TypeError('expected HOST:PORT with a port from ' + lowest + ' to 65535, got "' + address + '"');
  }
  return { host, port };
}
