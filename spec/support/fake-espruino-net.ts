/**
 * A fake of Espruino's `require("net")` for specs, mimicking what the real one does
 * differently from Node's:
 * - `connect(options, callback)` throws synchronously when the connection is refused
 *   (no `'error'` event);
 * - `'data'` events carry binary strings (one character per byte);
 * - `socket.write(x)` sends `String(x)`: a Uint8Array goes out as the text "65,66,...",
 *   so a transport that forgets to convert is caught by the peer's decoder;
 * - events come later, from the event loop (`setImmediate`), never inside the call.
 *
 * The far end of each connection is a {@link FakePeer} handed to `onConnection`.
 */

/** The broker side of one fake connection. */
export interface FakePeer {
  /** Options the client passed to `connect`. */
  readonly options: { host: string; port: number };
  /** Sends bytes to the client (a `'data'` event with a binary string, on the next turn). */
  send(bytes: Uint8Array): void;
  /** Bytes the client wrote arrive here, one call per `socket.write`. */
  onData(listener: (bytes: Uint8Array, raw: string) => void): void;
  /** Closes from the broker side: the client sees `'end'` and `'close'`. */
  close(): void;
  /** Fails the link: the client sees `'error'` then `'close'`. */
  fail(message: string): void;
  /** Whether the client ended the socket. */
  readonly ended: boolean;
}

export interface FakeNetOptions {
  /** Refuse (throw from `connect`) when true or when it returns true for these options. */
  refuse?: boolean | ((options: { host: string; port: number }) => boolean);
  /** Called with each accepted connection's far end, before the connect callback fires. */
  onConnection?: (peer: FakePeer) => void;
  /** When the client's events fire (default `setImmediate`). */
  schedule?: (task: () => void) => void;
}

/** The fake module, plus what a spec wants to know about it. */
export interface FakeEspruinoNet {
  connect(options: { host: string; port: number }, callback: () => void): FakeSocket;
  /** Connection attempts so far (refused ones included). */
  attempts: number;
  /** The far ends of accepted connections, in order. */
  peers: FakePeer[];
}

type Listener = (arg?: unknown) => void;

/** Espruino's socket as the client sees it. */
export interface FakeSocket {
  on(event: string, listener: Listener): FakeSocket;
  write(data: unknown): boolean;
  end(): void;
}

function toBinaryString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function fromBinaryString(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 255;
  return bytes;
}

/** Creates a fake `net` module. */
export function createFakeEspruinoNet(options: FakeNetOptions = {}): FakeEspruinoNet {
  const schedule = options.schedule || ((task: () => void) => setImmediate(task));
  const net: FakeEspruinoNet = {
    attempts: 0,
    peers: [],
    connect(connectOptions, callback) {
      net.attempts++;
      const refuse = typeof options.refuse === 'function' ? options.refuse(connectOptions) : options.refuse;
      if (refuse) throw new Error('Unable to connect to ' + connectOptions.host + ':' + connectOptions.port);
      const listeners: { [event: string]: Listener[] } = {};
      const peerListeners: Array<(bytes: Uint8Array, raw: string) => void> = [];
      let open = true;
      let ended = false;
      const emit = (event: string, arg?: unknown): void => {
        const list = listeners[event] || [];
        for (let i = 0; i < list.length; i++) list[i](arg);
      };
      const shut = (error?: string): void => {
        if (!open) return;
        open = false;
        schedule(() => {
          if (error !== undefined) emit('error', { code: -1, message: error });
          else emit('end');
          emit('close', error !== undefined);
        });
      };
      const socket: FakeSocket = {
        on(event, listener) {
          (listeners[event] = listeners[event] || []).push(listener);
          return socket;
        },
        write(data) {
          if (!open) return false;
          const raw = typeof data === 'string' ? data : String(data);
          const bytes = fromBinaryString(raw);
          for (let i = 0; i < peerListeners.length; i++) peerListeners[i](bytes, raw);
          return true;
        },
        end() {
          ended = true;
          shut();
        },
      };
      const peer: FakePeer = {
        options: { host: connectOptions.host, port: connectOptions.port },
        send(bytes) {
          const data = toBinaryString(bytes);
          schedule(() => {
            if (open) emit('data', data);
          });
        },
        onData(listener) {
          peerListeners.push(listener);
        },
        close() {
          shut();
        },
        fail(message) {
          shut(message);
        },
        get ended() {
          return ended;
        },
      };
      net.peers.push(peer);
      if (options.onConnection) options.onConnection(peer);
      schedule(() => {
        if (open) callback();
      });
      return socket;
    },
  };
  return net;
}
