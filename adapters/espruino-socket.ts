/**
 * One socket of Espruino's `require("net")` / `require("tls")` as plain callbacks:
 * the device client's transport (no observable per connection or per chunk, since the
 * interpreter leaks each completed chain). Binary strings both ways.
 */

/** What an Espruino `net`/`tls` socket offers. */
export interface EspruinoRawSocket {
  on(event: string, listener: (arg?: unknown) => void): unknown;
  /** Sends a binary string (never a Uint8Array: Espruino would send "65,66,..."). */
  write(data: string): unknown;
  end(): unknown;
}

/** Espruino's `net` / `tls`: `connect` throws synchronously on a refused connection. */
export interface EspruinoSocketModule {
  connect(options: { host: string; port: number; ca?: unknown; key?: unknown; cert?: unknown }, onConnect: () => void): EspruinoRawSocket;
}

/** Where and how to connect. */
export interface EspruinoSocketOptions {
  host: string;
  port: number;
  /** Connect through `require("tls")`; `ca`/`key`/`cert` go to it as given (DER bytes via `atob`, or PEM). */
  tls?: { ca?: unknown; key?: unknown; cert?: unknown } | boolean;
  /** Loads `net`/`tls` (default: the global `require`). */
  loadModule?: (name: string) => unknown;
}

/** What the socket tells its owner; exactly one `closed` ends it. */
export interface EspruinoSocketEvents {
  opened(): void;
  data(binary: string): void;
  /** `error` when it failed (connect refused, reset), none on a plain close. */
  closed(error?: unknown): void;
}

/** An open (or opening) socket. */
export interface EspruinoSocketLink {
  write(binary: string): void;
  /** Ends the socket; no event follows. */
  close(): void;
}

declare const require: ((name: string) => unknown) | undefined;

/**
 * Opens a socket to `options.host:port`. Every outcome is reported asynchronously
 * through `events`: `opened` once connected, `data` per chunk, then one `closed`
 * (with the error when it failed, Espruino's synchronous refusal included).
 *
 * @example
 * ```ts
 * const link = openEspruinoSocket({ host: '192.168.1.2', port: 1883 }, {
 *   opened: () => link.write('\xc0\x00'), data: console.log, closed: console.log,
 * });
 * ```
 */
export function openEspruinoSocket(options: EspruinoSocketOptions, events: EspruinoSocketEvents): EspruinoSocketLink {
  let socket: EspruinoRawSocket | null = null;
  let done = false;
  const finish = (error?: unknown): void => {
    if (done) return;
    done = true;
    socket = null;
    events.closed(error);
  };
  const tls = options.tls;
  try {
    const load = options.loadModule || (require as (name: string) => unknown);
    const module = load(tls ? 'tls' : 'net') as EspruinoSocketModule;
    const connectOptions: { host: string; port: number; ca?: unknown; key?: unknown; cert?: unknown } = { host: options.host, port: options.port };
    if (tls && typeof tls === 'object') {
      connectOptions.ca = tls.ca;
      connectOptions.key = tls.key;
      connectOptions.cert = tls.cert;
    }
    const s = module.connect(connectOptions, () => {
      if (!done) events.opened();
    });
    socket = s;
    s.on('data', (data) => {
      if (!done) events.data(data as string);
    });
    s.on('error', (error) => finish(error || new Error('socket error')));
    s.on('close', () => finish());
    s.on('end', () => finish());
  } catch (error) {
    setTimeout(() => finish(error), 0);
  }
  return {
    write(binary: string): void {
      if (socket) socket.write(binary);
    },
    close(): void {
      const s = socket;
      done = true;
      socket = null;
      if (s) {
        try {
          s.end();
        } catch (ignored) {
          // already gone
        }
      }
    },
  };
}
