import { Observable, Subscriber } from 'rxjs';
import type { Connection, Transport } from '../lib/client/transport';
import { Multicast } from '../lib/client/shared/multicast';
import { TransportError } from '../lib/errors';
import { binaryStringFromBytes, bytesFromBinaryString, EspruinoE, globalEspruinoE } from './espruino-bytes';

/** What an Espruino `net`/`tls` socket offers the transport. */
export interface EspruinoSocket {
  /** `'data'` carries a binary string; `'error'` an object with `code`/`message`. */
  on(event: string, listener: (arg?: unknown) => void): unknown;
  /** Sends a binary string (never a Uint8Array: Espruino would send "65,66,..."). */
  write(data: string): unknown;
  /** Closes the socket. */
  end(): unknown;
}

/** Options handed to `require("net").connect` / `require("tls").connect`. */
export interface EspruinoConnectOptions {
  host: string;
  port: number;
  /** TLS only: PEM strings (or file names, as Espruino accepts). */
  ca?: string;
  key?: string;
  cert?: string;
}

/** Espruino's `net` / `tls` module: `connect` throws synchronously on a refused connection. */
export interface EspruinoNetModule {
  /** Opens a socket; `onConnect` runs once it is connected. May throw when refused. */
  connect(options: EspruinoConnectOptions, onConnect: () => void): EspruinoSocket;
}

/** Loads `net` or `tls` (on Espruino: the global `require`). */
export type EspruinoModuleLoader = (name: 'net' | 'tls') => EspruinoNetModule;

/** Options of {@link espruinoTransport}. */
export interface EspruinoTransportOptions {
  host: string;
  /** Default 1883, or 8883 with `tls`. */
  port?: number;
  /** `true` or TLS settings to connect through `require("tls")`. */
  tls?: boolean | { ca?: string; key?: string; cert?: string };
  /** Module loader (default: the global `require`); inject a fake `net` in tests. */
  loadModule?: EspruinoModuleLoader;
  /** Espruino's `E` (default: the global one, when present). */
  e?: EspruinoE;
  /** Bytes written but not yet drained above which `write` returns false (default 4096). */
  highWaterMark?: number;
  /** Chunks kept while nobody reads `data$` yet; more closes the link (default 64). */
  maxUnread?: number;
}

declare const require: ((name: string) => unknown) | undefined;

function defaultLoader(name: 'net' | 'tls'): EspruinoNetModule {
  if (typeof require !== 'function') throw new TypeError('no require() to load "' + name + '"');
  return require(name) as EspruinoNetModule;
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/**
 * The MQTT transport over Espruino's `require("net")` / `require("tls")` sockets.
 *
 * `open()` emits one {@link Connection} once the socket's connect callback fires and
 * errors with a `TransportError` `CONNECT_FAILED` when `connect` throws (Espruino's way
 * of refusing), emits `'error'` or closes first. The connection's `data$` emits each
 * `'data'` event as bytes, completes on `'close'`/`'end'` or `close()`, and errors with
 * `CONNECTION_LOST` on a later `'error'`. Per message it allocates the byte array and
 * the string only: no RxJS chain is created per chunk (Espruino leaks completed chains).
 *
 * @example
 * ```js
 * // On the device:
 * var rxmqtt = require('rxmqtt');
 * var client = rxmqtt.createClient({ transport: rxmqtt.espruinoTransport({ host: '192.168.1.2' }) });
 * ```
 */
export function espruinoTransport(options: EspruinoTransportOptions): Transport {
  if (!options || typeof options.host !== 'string' || options.host === '') {
    throw new TypeError('espruinoTransport: host must be a non-empty string');
  }
  const secure = !!options.tls;
  const port = options.port === undefined ? (secure ? 8883 : 1883) : options.port;
  if (typeof port !== 'number' || port !== Math.floor(port) || port < 1 || port > 65535) {
    throw new RangeError('espruinoTransport: port must be an integer in 1..65535, got ' + port);
  }
  const connectOptions: EspruinoConnectOptions = { host: options.host, port: port };
  if (typeof options.tls === 'object') {
    if (options.tls.ca !== undefined) connectOptions.ca = options.tls.ca;
    if (options.tls.key !== undefined) connectOptions.key = options.tls.key;
    if (options.tls.cert !== undefined) connectOptions.cert = options.tls.cert;
  }
  const load = options.loadModule || defaultLoader;
  const limits = { highWaterMark: options.highWaterMark || 4096, maxUnread: options.maxUnread || 64 };
  const where = options.host + ':' + port;

  return {
    open(): Observable<Connection> {
      return new Observable<Connection>((subscriber) => {
        const e = options.e || globalEspruinoE();
        let net: EspruinoNetModule;
        try {
          net = load(secure ? 'tls' : 'net');
        } catch (error) {
          subscriber.error(new TransportError('CONNECT_FAILED', 'cannot load ' + (secure ? 'tls' : 'net') + ': ' + describe(error), error));
          return undefined;
        }
        const link = new EspruinoLink(e, limits, subscriber, where);
        let socket: EspruinoSocket;
        try {
          socket = net.connect(connectOptions, () => link.connected());
        } catch (error) {
          subscriber.error(new TransportError('CONNECT_FAILED', 'cannot connect to ' + where + ': ' + describe(error), error));
          return undefined;
        }
        link.attach(socket);
        return () => link.close();
      });
    },
  };
}

/** One socket: the state between connect, data, drain and close. Internal. */
class EspruinoLink implements Connection {
  readonly data$: Observable<Uint8Array>;
  readonly drain$: Observable<void>;
  private socket: EspruinoSocket | null = null;
  private reader: Subscriber<Uint8Array> | null = null;
  private unread: Uint8Array[] = [];
  private ended: TransportError | null | undefined = undefined;
  private isConnected = false;
  private callbackFired = false;
  private closed = false;
  private unsent = 0;
  private readonly drains = new Multicast<void>();

  constructor(
    private readonly e: EspruinoE | undefined,
    private readonly limits: { highWaterMark: number; maxUnread: number },
    private opener: Subscriber<Connection> | null,
    private readonly where: string,
  ) {
    this.drain$ = this.drains.asObservable();
    this.data$ = new Observable<Uint8Array>((reader) => {
      if (this.reader) {
        reader.error(new TypeError('data$ of an Espruino connection takes one subscriber'));
        return undefined;
      }
      this.reader = reader;
      const unread = this.unread;
      this.unread = [];
      for (let i = 0; i < unread.length; i++) reader.next(unread[i]);
      if (this.ended !== undefined) this.finishReader();
      return () => {
        if (this.reader === reader) this.reader = null;
      };
    });
  }

  /** Called from the connect callback (possibly before `attach`). */
  connected(): void {
    this.callbackFired = true;
    if (this.socket) this.announce();
  }

  attach(socket: EspruinoSocket): void {
    this.socket = socket;
    socket.on('data', (data) => this.receive(bytesFromBinaryString(String(data), this.e)));
    socket.on('drain', () => {
      this.unsent = 0;
      this.drains.next();
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.end(null));
    socket.on('end', () => this.end(null));
    if (this.callbackFired) this.announce();
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed || !this.socket) return false;
    this.socket.write(binaryStringFromBytes(bytes, this.e));
    this.unsent += bytes.length;
    return this.unsent <= this.limits.highWaterMark;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const socket = this.socket;
    this.socket = null;
    this.opener = null;
    if (socket) {
      try {
        socket.end();
      } catch (ignored) {
        // The socket is already gone; nothing left to close.
      }
    }
    this.end(null);
    this.drains.complete();
  }

  private announce(): void {
    if (this.isConnected || this.closed || !this.opener) return;
    this.isConnected = true;
    this.opener.next(this);
  }

  private receive(bytes: Uint8Array): void {
    if (this.ended !== undefined) return;
    if (this.reader) {
      this.reader.next(bytes);
      return;
    }
    this.unread.push(bytes);
    if (this.unread.length > this.limits.maxUnread) {
      this.end(new TransportError('CONNECTION_LOST', 'more than ' + this.limits.maxUnread + ' unread chunks from ' + this.where));
      this.close();
    }
  }

  private fail(error: unknown): void {
    if (!this.isConnected && this.opener) {
      const opener = this.opener;
      this.opener = null;
      this.closed = true;
      opener.error(new TransportError('CONNECT_FAILED', 'cannot connect to ' + this.where + ': ' + describe(error), error));
      return;
    }
    this.end(new TransportError('CONNECTION_LOST', 'connection to ' + this.where + ' lost: ' + describe(error), error));
  }

  private end(error: TransportError | null): void {
    if (!this.isConnected && this.opener && error === null) {
      this.fail(new Error('closed before connecting'));
      return;
    }
    if (this.ended !== undefined) return;
    this.ended = error;
    this.finishReader();
  }

  private finishReader(): void {
    const reader = this.reader;
    if (!reader) return;
    this.reader = null;
    this.unread = [];
    if (this.ended) reader.error(this.ended);
    else reader.complete();
  }
}
