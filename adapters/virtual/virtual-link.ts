import { Observable, SchedulerAction, SchedulerLike, Subject } from 'rxjs';
import { TransportError } from '../../lib/errors';
import type { Connection } from '../../lib/client/transport';

/** The broker's side of a {@link VirtualLink}. */
export interface VirtualLinkPeer {
  /** Bytes the client wrote, delivered synchronously. */
  received(bytes: Uint8Array): void;
  /** The client closed its side. */
  clientClosed(): void;
}

interface Delivery {
  link: VirtualLink;
  bytes: Uint8Array;
}

/**
 * One in-memory connection between a client and a {@link VirtualBroker}: the client
 * side is a {@link Connection}; what the broker sends reaches it through the scheduler
 * after `delay` ms (so virtual time orders everything), what the client writes reaches
 * the broker at once.
 */
export class VirtualLink {
  private readonly data = new Subject<Uint8Array>();
  private closed = false;
  /** While the client paused reading: what the broker sent meanwhile, in order (a socket's receive buffer). */
  private held: Uint8Array[] | null = null;
  /** The client-side connection handed to the client by the transport. */
  readonly connection: Connection;

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly peer: VirtualLinkPeer,
  ) {
    const link = this;
    this.connection = {
      data$: this.data.asObservable(),
      write(bytes: Uint8Array): boolean {
        if (link.closed) return false;
        link.peer.received(bytes);
        return true;
      },
      pause(): boolean {
        if (link.held === null) link.held = [];
        return true;
      },
      resume(): void {
        const held = link.held;
        link.held = null;
        // delivered one by one, stopping if the client pauses again meanwhile
        if (held !== null) for (let i = 0; i < held.length; i++) link.deliverNow(held[i]); // re-held if paused again
      },
      close(): void {
        if (link.closed) return;
        link.closed = true;
        link.data.complete();
        link.peer.clientClosed();
      },
    };
  }

  /** Whether either side closed the link. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends bytes to the client after `delay` ms of scheduler time. */
  send(bytes: Uint8Array, delay: number): void {
    if (this.closed) return;
    const delivery: Delivery = { link: this, bytes };
    this.scheduler.schedule(deliver, delay > 0 ? delay : 0, delivery);
  }

  /** The broker closes the link: the client's `data$` completes. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.data.complete();
  }

  /** The link breaks: the client's `data$` errors with `TransportError` `CONNECTION_LOST`. */
  cut(message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.data.error(new TransportError('CONNECTION_LOST', message));
  }

  /** Bytes the broker sent that wait because the client paused reading. */
  get heldChunks(): number {
    return this.held === null ? 0 : this.held.length;
  }

  /** @internal */
  deliverNow(bytes: Uint8Array): void {
    if (this.closed) return;
    if (this.held !== null) this.held.push(bytes);
    else this.data.next(bytes);
  }
}

function deliver(this: SchedulerAction<Delivery>, delivery?: Delivery): void {
  if (delivery) delivery.link.deliverNow(delivery.bytes);
}

/** A cold observable emitting `link.connection` once, closing it on unsubscribe. */
export function openLink(create: () => VirtualLink): Observable<Connection> {
  return new Observable<Connection>((subscriber) => {
    const link = create();
    subscriber.next(link.connection);
    return () => link.connection.close();
  });
}
