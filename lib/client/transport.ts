import type { Observable } from 'rxjs';

/**
 * One open byte stream to a broker, as a transport adapter hands it to the client.
 * Adapters live in `adapters/` (tcp, tls, websocket, espruino, virtual).
 */
export interface Connection {
  /**
   * Bytes from the broker, in arrival order, chunked as the transport delivers them.
   * Subscribe once. Completes when the peer closes; errors with a `TransportError`
   * (code `CONNECTION_LOST`) when the link fails.
   */
  readonly data$: Observable<Uint8Array>;
  /**
   * Sends bytes. One call carries one or more whole packets; the adapter writes them
   * in one transport write. Returns `false` when the adapter's send buffer is above its
   * high-water mark (the caller should wait for {@link drain$} before writing more).
   */
  write(bytes: Uint8Array): boolean;
  /** Emits when a full send buffer has drained. Optional: absent means "never full". */
  readonly drain$?: Observable<void>;
  /**
   * Stops reading from the broker until {@link resume} (TCP flow control then holds the
   * broker back): the client calls it when observers fall behind or when its own writes
   * cannot go out. Returns false when this transport cannot hold reads back (then the
   * client keeps reading). Chunks already read may still arrive. Optional: absent means
   * "cannot pause". Idempotent.
   */
  pause?(): boolean;
  /** Reads again after {@link pause}. Idempotent. */
  resume?(): void;
  /** Closes the link; `data$` then completes. Idempotent. */
  close(): void;
}

/**
 * Opens connections to one broker. The client opens a fresh connection for every
 * (re)connect attempt.
 */
export interface Transport {
  /**
   * Cold: each subscription opens one connection and emits it once it is ready to
   * carry bytes, then stays open; errors with a `TransportError` (code
   * `CONNECT_FAILED`) when it cannot be opened. Unsubscribing closes the connection.
   */
  open(): Observable<Connection>;
}
