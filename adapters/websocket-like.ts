import { redactUrl } from '../lib/client/options/redact-url';
import { Observable, Subscription } from 'rxjs';
import { defaultScheduler } from '../lib/client/shared/default-schedulers';
import { Multicast } from '../lib/client/shared/multicast';
import { TransportError } from '../lib/errors';
import type { Connection, Transport } from '../lib/client/transport';

/**
 * The part of the WHATWG `WebSocket` API the WebSocket transports use; the browser's
 * native `WebSocket` and the `ws` package's both provide it.
 */
export interface WebSocketLike {
  /** Set to `'arraybuffer'` by the transport. */
  binaryType: string;
  /** Bytes queued by `send` and not yet written. */
  readonly bufferedAmount: number;
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Queues one binary message (one or more MQTT packets). */
  send(data: Uint8Array): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** The opening handshake completed. */
  onopen: ((event: unknown) => void) | null;
  /** A message arrived: `data` is an `ArrayBuffer` (or a Node `Buffer` from `ws`). */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** The socket failed; `onclose` follows. */
  onerror: ((event: unknown) => void) | null;
  /** The socket closed. */
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null;
}

/** A `WebSocket` constructor (native, `ws`, or a test double). */
export type WebSocketLikeConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Tuning of {@link websocketLikeTransport}. */
export interface WebSocketLikeSettings {
  /** The URL, used in error messages. */
  url: string;
  /** Creates the socket and starts the opening handshake. */
  create(): WebSocketLike;
  /** Turns the error of a failed opening into the text after "cannot connect to URL: ". */
  describeFailure?(error: Error): string;
  /** `binaryType` to set (default `'arraybuffer'`; `ws` also offers the copy-free `'nodebuffer'`). */
  binaryType?: string;
  /** Fail the attempt when not open within this many ms (absent or 0: no limit of ours). */
  connectTimeout?: number;
  /** `write()` returns false while `bufferedAmount` is at or above this (default 64 KiB). */
  highWaterMark?: number;
  /** How often `bufferedAmount` is checked while the buffer is full, in ms (default 10). */
  drainPollInterval?: number;
  /** Bytes kept while nobody subscribes to `data$`; more loses the connection (default 1 MiB). */
  maxUnread?: number;
}

const OPEN = 1;

/**
 * Close codes that mean "the peer closed": normal (1000), going away (1001), no status
 * (1005) and closed without a closing handshake (1006) — MQTT brokers close the TCP
 * connection after DISCONNECT or to drop a client, and a WebSocket API cannot tell
 * that from a reset. Other codes (protocol error, TLS failure, ...) lose the connection.
 */
const PEER_CLOSE_CODES = [1000, 1001, 1005, 1006];

/**
 * A {@link Transport} over any {@link WebSocketLike}: the shared core of
 * `websocketTransport` (Node) and `browserWebsocketTransport`. Runs in browsers (no
 * Node modules).
 *
 * `open()` sets `binaryType` (`'arraybuffer'` unless told otherwise), emits one `Connection` on `open` and
 * never completes; it errors with a `TransportError` `CONNECT_FAILED` when the socket
 * fails or closes before opening (or `connectTimeout` passes). Unsubscribing closes the
 * socket (`terminate()` where the implementation has one).
 *
 * `data$` emits each binary message's bytes (MQTT packets may span messages and a
 * message may carry several: the decoder reassembles), completes when the peer closes
 * (close codes 1000, 1001, 1005, 1006: brokers close the TCP connection without a
 * closing handshake) and errors with `CONNECTION_LOST` on an error event, any other
 * close code or a text message ([MQTT-6.0.0-1]: packets travel in binary frames only). Messages arriving
 * while nobody subscribes are kept, up to `maxUnread` bytes. `write()` sends one binary
 * message and returns `bufferedAmount < highWaterMark`; after a `false`, `drain$` emits
 * once `bufferedAmount` has dropped below half the mark (polled: WebSocket has no
 * drain event). `close()` starts the closing handshake (code 1000).
 *
 * @example
 * ```ts
 * websocketLikeTransport({ url, create: () => new WebSocket(url, ['mqtt']) });
 * ```
 */
export function websocketLikeTransport(settings: WebSocketLikeSettings): Transport {
  return {
    open: () =>
      new Observable<Connection>((subscriber) => {
        const socket = settings.create();
        socket.binaryType = settings.binaryType || 'arraybuffer';
        let timer: ReturnType<typeof setTimeout> | undefined; // clearTimeout(undefined) does nothing
        let connection: WebSocketConnection | undefined;

        // the teardown below then stops the timer and the socket
        const fail = (reason: string, cause?: unknown): void =>
          subscriber.error(new TransportError('CONNECT_FAILED', 'cannot connect to ' + redactUrl(settings.url) + ': ' + reason, cause));
        if (settings.connectTimeout) {
          const ms = settings.connectTimeout;
          timer = setTimeout(() => fail('no connection within ' + ms + ' ms'), ms);
        }
        socket.onerror = (event) => {
          const cause = errorOf(event);
          const describe = settings.describeFailure;
          fail(describe && isError(cause) ? describe(cause) : describeEvent(event), cause);
        };
        socket.onclose = (event) => fail('closed before opening (code ' + event.code + (event.reason ? ', ' + event.reason : '') + ')');
        socket.onopen = () => {
          clearTimeout(timer);
          connection = new WebSocketConnection(socket, settings);
          subscriber.next(connection.api);
        };
        return () => {
          clearTimeout(timer);
          if (connection) connection.end();
          detach(socket);
          stop(socket);
        };
      }),
  };
}

/** The open-phase state of one socket turned into a {@link Connection}. */
class WebSocketConnection {
  readonly api: Connection;
  private readonly data = new Multicast<Uint8Array>();
  private readonly drain = new Multicast<void>();
  private unread: Uint8Array[] = [];
  private unreadBytes = 0;
  /** `data$` has ended (completed or failed; `data` keeps which, for later observers). */
  private done = false;
  private poll: Subscription | undefined;

  constructor(private readonly socket: WebSocketLike, private readonly settings: WebSocketLikeSettings) {
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = (event) => this.lose(describeEvent(event), errorOf(event));
    socket.onclose = (event) => {
      if (PEER_CLOSE_CODES.indexOf(event.code) >= 0) this.end();
      else this.lose('closed with code ' + event.code + (event.reason ? ' (' + event.reason + ')' : ''));
    };
    const highWaterMark = settings.highWaterMark !== undefined ? settings.highWaterMark : 65536;
    // Shared among its observers (what share() did; RxJS's share is 0.7 KB of the browser
    // bundle): the first one starts reading and takes the unread chunks, later ones join
    // the live stream; while nobody observes `data`, chunks are kept. `data` tells an
    // observer that comes after the end how it ended.
    const data$ = new Observable<Uint8Array>((subscriber) => {
      if (!this.data.observed) {
        const pending = this.unread;
        this.unread = [];
        this.unreadBytes = 0;
        for (let i = 0; i < pending.length && !subscriber.closed; i++) subscriber.next(pending[i]);
      }
      return this.data.subscribe(subscriber);
    });
    this.api = {
      data$,
      drain$: this.drain.asObservable(),
      write: (bytes: Uint8Array): boolean => {
        if (socket.readyState !== OPEN) return false;
        socket.send(bytes);
        if (socket.bufferedAmount < highWaterMark) return true;
        this.watchDrain(highWaterMark / 2);
        return false;
      },
      // Node's ws can hold reads back (TCP flow control); a browser WebSocket cannot
      pause: (): boolean => {
        const pausable = socket as { pause?: () => void };
        if (typeof pausable.pause !== 'function') return false;
        pausable.pause();
        return true;
      },
      resume: (): void => {
        const pausable = socket as { resume?: () => void };
        if (typeof pausable.resume === 'function') pausable.resume();
      },
      close: (): void => {
        if (socket.readyState <= OPEN) socket.close(1000);
      },
    };
  }

  private receive(raw: unknown): void {
    if (this.done) return;
    let chunk: Uint8Array;
    if (raw instanceof ArrayBuffer) chunk = new Uint8Array(raw);
    else if (ArrayBuffer.isView(raw)) chunk = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    else {
      this.lose('received a non-binary message; MQTT packets travel in binary frames only [MQTT-6.0.0-1]');
      stop(this.socket);
      return;
    }
    if (this.data.observed) {
      this.data.next(chunk);
      return;
    }
    const limit = this.settings.maxUnread !== undefined ? this.settings.maxUnread : 1048576;
    if (this.unreadBytes + chunk.length > limit) {
      this.lose('more than ' + limit + ' unread bytes while nobody reads data$');
      stop(this.socket);
      return;
    }
    this.unread.push(chunk);
    this.unreadBytes += chunk.length;
  }

  /**
   * Ends `data$` and stops the drain poll: completes it, or errors with `lost`; later
   * calls are ignored. (The socket's handlers are the transport's to detach.)
   */
  end(lost?: TransportError): void {
    if (this.done) return;
    this.done = true;
    if (this.poll) this.poll.unsubscribe();
    if (lost) this.data.error(lost);
    else this.data.complete();
  }

  private lose(reason: string, cause?: unknown): void {
    if (!this.done) this.end(new TransportError('CONNECTION_LOST', 'connection to ' + redactUrl(this.settings.url) + ' lost: ' + reason, cause));
  }

  private watchDrain(lowWaterMark: number): void {
    if (this.poll) return; // polling already, or ended (end() stopped the poll)
    const every = this.settings.drainPollInterval !== undefined ? this.settings.drainPollInterval : 10;
    const check = (): void => {
      const open = this.socket.readyState === OPEN;
      if (open && this.socket.bufferedAmount > lowWaterMark) this.poll = defaultScheduler.schedule(check, every);
      else {
        this.poll = undefined;
        if (open) this.drain.next();
      }
    };
    this.poll = defaultScheduler.schedule(check, every);
  }
}

function detach(socket: WebSocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  // Keep a no-op error handler: `ws` throws on an 'error' event nobody listens to.
  socket.onerror = noop;
}

function noop(): void {
  // nothing
}

/** Closes at once: `terminate()` where the implementation has it (ws), else `close()`. */
function stop(socket: WebSocketLike): void {
  const terminate = (socket as { terminate?: () => void }).terminate;
  if (typeof terminate === 'function') terminate.call(socket);
  else if (socket.readyState <= OPEN) socket.close();
}

function errorOf(event: unknown): unknown {
  const error = event !== null && typeof event === 'object' ? (event as { error?: unknown }).error : undefined;
  return error !== undefined ? error : event;
}

function isError(value: unknown): value is Error {
  return value !== null && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string';
}

/** The message of an error event's error, else of the event itself, else "WebSocket error". */
function describeEvent(event: unknown): string {
  const error = errorOf(event);
  return (isError(error) && error.message) || (isError(event) && event.message) || 'WebSocket error';
}
