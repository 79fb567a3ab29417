import { Observable } from 'rxjs';
import type { Connection, Transport } from '../connection/transport';

/** One server of a `servers` list: its transport and the name `state$` shows (password redacted). */
export interface RotationServer {
  name: string;
  transport: Transport;
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

  /** @throws RangeError when `servers` is empty */
  constructor(private readonly servers: RotationServer[]) {
    if (servers.length === 0) throw new RangeError('servers must list at least one server');
  }

  /** Number of servers in the list. */
  get size(): number {
    return this.servers.length;
  }

  /** The name of the server the next (or current) connection goes to. */
  get server(): string {
    return this.servers[this.index].name;
  }

  /** Opens a connection to the current server (see {@link Transport.open}). */
  open(): Observable<Connection> {
    return new Observable<Connection>((subscriber) => this.servers[this.index].transport.open().subscribe(subscriber));
  }

  /** Moves on to the next server of the list. */
  next(): void {
    this.index = (this.index + 1) % this.servers.length;
  }
}
