import { Observable } from 'rxjs';
import type { Connection, Transport } from '../transport';
import type { BrokerUrl } from './parse-broker-url';
import { referredUrl, serverName } from './server-reference';

/** One server of a `servers` list: its transport and the name `state$` shows (password redacted). */
export interface RotationServer {
  name: string;
  transport: Transport;
  /** Its URL, to recognise it in an MQTT 5 Server Reference. */
  url?: BrokerUrl;
}

/**
 * The transport of `createClient({ servers })`: each connection opens to the current
 * server; {@link next} moves on to the following one (after the last, the first again).
 * The client's lifecycle calls {@link next} when a connection attempt fails or a
 * connection is lost, so the reconnect policy's attempts go round the list, and
 * `state$` reports {@link server}.
 *
 * A connection to the current server is opened when `open()` is subscribed, so an
 * attempt made after {@link next} dials the next server even if `open()` was called
 * before.
 *
 * MQTT 5: {@link refer} sends the next attempt to the server a Server Reference names:
 * the one of the list when it is there, else that server once (named without
 * credentials), after which the rotation goes on from the server that referred.
 *
 * @example
 * ```ts
 * const rotation = new ServerRotation([{ name: 'a', transport: a }, { name: 'b', transport: b }]);
 * rotation.server; // 'a'
 * rotation.next();
 * rotation.open().subscribe(...); // connects to b
 * ```
 */
export class ServerRotation implements Transport {
  private index = 0;
  /** MQTT 5: a referred server not in the list, tried once by the next attempt. */
  private referred: RotationServer | null = null;

  /**
   * @param dial makes the transport of a referred server that is not in the list (none: such references are not followed)
   * @throws RangeError when `servers` is empty
   */
  constructor(
    private readonly servers: RotationServer[],
    private readonly dial?: (url: BrokerUrl) => Transport,
  ) {
    if (servers.length === 0) throw new RangeError('servers must list at least one server');
  }

  /** Number of servers in the list. */
  get size(): number {
    return this.servers.length;
  }

  /** The name of the server the next (or current) connection goes to. */
  get server(): string {
    return this.current().name;
  }

  /** Opens a connection to the current server (see {@link Transport.open}). */
  open(): Observable<Connection> {
    return new Observable<Connection>((subscriber) => this.current().transport.open().subscribe(subscriber));
  }

  /** Moves on to the next server of the list (after a referred one: the one after the server that referred). */
  next(): void {
    this.referred = null;
    this.index = (this.index + 1) % this.servers.length;
  }

  /**
   * MQTT 5: makes `reference` (a Server Reference, see `referredUrl`) the server of the
   * next attempt. Returns false, changing nothing, when it cannot be read or names a
   * server out of the list without a way to dial it.
   */
  refer(reference: string): boolean {
    const from = this.current().url;
    const url = from === undefined ? null : referredUrl(reference, from);
    if (url === null) return false;
    for (let i = 0; i < this.servers.length; i++) {
      const known = this.servers[i].url;
      if (known !== undefined && known.scheme === url.scheme && known.host === url.host && known.port === url.port) {
        this.referred = null;
        this.index = i;
        return true;
      }
    }
    if (this.dial === undefined) return false;
    this.referred = { name: serverName(url), transport: this.dial(url), url };
    return true;
  }

  private current(): RotationServer {
    return this.referred !== null ? this.referred : this.servers[this.index];
  }
}
