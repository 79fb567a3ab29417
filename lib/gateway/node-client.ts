/**
 * The node side of the gateway protocol (seed 004's `common.py` and its demos), for Node
 * and for Espruino: no RxJS, no Node APIs, only plain callbacks, Promises and the timers
 * it is given. The datagram socket is injected ({@link NodeSocket}); on Node use
 * {@link nodeUdpSocket}.
 *
 * Written in the subset Espruino runs (no default parameters, destructuring, spread,
 * Map/Set, async/await or `?.`).
 */

/** A text datagram socket connected to the gateway. */
export interface NodeSocket {
  /** Sends one datagram to the gateway; `done(error)` when it was handed on or failed. */
  send(text: string, done: (error?: unknown) => void): void;
  /** Registers the one handler of datagrams from the gateway. */
  onMessage(handler: (text: string) => void): void;
}

/** A message from the gateway: a `[topic, message, retained]` 3-list. */
export interface NodeMessage {
  topic: string;
  message: string;
  retained: boolean;
}

/**
 * How a publication ended: `'sent'` (handed to the socket; no ACK asked for), `'ack'`
 * (the gateway answered `["ACK","ACK"]`: the broker has it), `'out'` (the gateway
 * answered `["OUT","OUT"]`: broker or network outage, not forwarded), `'no-ack'` (no
 * answer after every retry), `'failed'` (the socket could not send).
 */
export type PublishStatus = 'sent' | 'ack' | 'out' | 'no-ack' | 'failed';

/** Timer functions; inject fakes to test without waiting. */
export interface NodeTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of {@link createNodeClient}. */
export interface NodeClientOptions {
  socket: NodeSocket;
  /** How long to wait for ACK (or OUT) before resending, in ms (default 1000). */
  ackTimeout?: number;
  /** Resends after the first attempt when no ACK comes (default 3). */
  retries?: number;
  /** Messages held for {@link NodeClient.receive} (default 10; the oldest is dropped). */
  inboxLimit?: number;
  /** Called for each message from the gateway instead of holding it in the inbox. */
  onMessage?: (message: NodeMessage) => void;
  /** Default: the global `setTimeout`/`clearTimeout`. */
  timers?: NodeTimers;
}

/** A node's connection to the gateway. */
export interface NodeClient {
  /**
   * Publishes `[topic, message, retain, qos]` (qos | 4 when `ack`). With `ack`, waits
   * for ACK and resends after `ackTimeout` up to `retries` times (the seed's
   * retry-on-missing-ACK pattern; the broker may get duplicates). Resolves with the
   * {@link PublishStatus}; never rejects. Publications go out one at a time, in order.
   */
  publish(topic: string, message: string, options?: { retain?: boolean; qos?: 0 | 1; ack?: boolean }): Promise<PublishStatus>;
  /** Sends the subscription `[topic, qos]`; resolves `'sent'` or `'failed'` (the gateway does not answer). */
  subscribe(topic: string, qos: 0 | 1): Promise<PublishStatus>;
  /**
   * Waits until no message has arrived for `quietMs` (the seed's `recv(200)` loop), then
   * resolves with the messages held since the last call, oldest first.
   */
  receive(quietMs: number): Promise<NodeMessage[]>;
  /** Messages dropped from the full inbox. */
  readonly drops: number;
  /** `["OUT","OUT"]` answers received. */
  readonly outages: number;
}

interface Waiter {
  answer: (status: PublishStatus) => void;
}

/**
 * Makes a node client on `socket`.
 *
 * @example
 * ```ts
 * const node = createNodeClient({ socket: nodeUdpSocket({ gateway: '192.168.0.2:8266' }) });
 * node.subscribe('foo_topic', 1)
 *   .then(() => node.publish('light', '417', { ack: true }))   // 'ack', 'out' or 'no-ack'
 *   .then(() => node.receive(200))                             // messages queued for this node
 *   .then((messages) => messages.forEach((m) => console.log(m.topic, m.message)));
 * ```
 */
export function createNodeClient(options: NodeClientOptions): NodeClient {
  if (!options || !options.socket) throw new TypeError('createNodeClient: socket is required');
  const socket = options.socket;
  const ackTimeout = options.ackTimeout === undefined ? 1000 : options.ackTimeout;
  const retries = options.retries === undefined ? 3 : options.retries;
  const inboxLimit = options.inboxLimit === undefined ? 10 : options.inboxLimit;
  if (!(ackTimeout > 0)) throw new RangeError('createNodeClient: ackTimeout must be > 0, got ' + ackTimeout);
  if (!(retries >= 0 && retries % 1 === 0)) throw new RangeError('createNodeClient: retries must be an integer >= 0, got ' + retries);
  if (!(inboxLimit >= 1 && inboxLimit % 1 === 0)) throw new RangeError('createNodeClient: inboxLimit must be an integer >= 1, got ' + inboxLimit);
  const timers: NodeTimers = options.timers || {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const inbox: NodeMessage[] = [];
  let waiter: Waiter | null = null;
  let quiet: (() => void) | null = null;
  let tail: Promise<unknown> = Promise.resolve();
  const client = { drops: 0, outages: 0 } as NodeClient & { drops: number; outages: number };

  socket.onMessage((text) => {
    let list: unknown;
    try {
      list = JSON.parse(text);
    } catch (e) {
      return; // not from a gateway
    }
    if (!Array.isArray(list) || typeof list[0] !== 'string' || typeof list[1] !== 'string') return;
    if (list.length === 2 && (list[0] === 'ACK' || list[0] === 'OUT') && list[1] === list[0]) {
      if (list[0] === 'OUT') client.outages++;
      if (waiter) waiter.answer(list[0] === 'ACK' ? 'ack' : 'out');
      return;
    }
    if (list.length !== 3) return;
    const message: NodeMessage = { topic: list[0], message: list[1], retained: list[2] === true };
    if (options.onMessage) options.onMessage(message);
    else {
      if (inbox.length >= inboxLimit) {
        inbox.shift();
        client.drops++;
      }
      inbox.push(message);
    }
    if (quiet) quiet();
  });

  /** Runs `task` after every earlier publication has ended. */
  function serial(task: () => Promise<PublishStatus>): Promise<PublishStatus> {
    const result = tail.then(task);
    tail = result;
    return result;
  }

  function sendOnce(text: string): Promise<PublishStatus> {
    return new Promise((resolve) => {
      socket.send(text, (error) => resolve(error ? 'failed' : 'sent'));
    });
  }

  /** Sends `text`, then waits for ACK or OUT; resends on silence, `retries` times. */
  function sendForAck(text: string, attempt: number): Promise<PublishStatus> {
    return new Promise((resolve) => {
      let handle: unknown;
      const current: Waiter = {
        answer: (status) => {
          timers.clearTimeout(handle);
          waiter = null;
          resolve(status);
        },
      };
      waiter = current;
      handle = timers.setTimeout(() => {
        if (waiter === current) waiter = null;
        if (attempt < retries) resolve(sendForAck(text, attempt + 1));
        else resolve('no-ack');
      }, ackTimeout);
      socket.send(text, () => undefined); // a failed send is silence: the timer resends
    });
  }

  client.publish = (topic, message, publishOptions) => {
    if (typeof topic !== 'string' || typeof message !== 'string') throw new TypeError('publish: topic and message must be strings');
    const o = publishOptions || {};
    const qos = o.qos === 1 ? 1 : 0;
    const ack = o.ack === true;
    const text = JSON.stringify([topic, message, o.retain === true, ack ? qos | 4 : qos]);
    return serial(() => (ack ? sendForAck(text, 0) : sendOnce(text)));
  };

  client.subscribe = (topic, qos) => {
    if (typeof topic !== 'string') throw new TypeError('subscribe: topic must be a string');
    if (qos !== 0 && qos !== 1) throw new RangeError('subscribe: qos must be 0 or 1, got ' + qos);
    return serial(() => sendOnce(JSON.stringify([topic, qos])));
  };

  client.receive = (quietMs) => {
    if (!(quietMs >= 0)) throw new RangeError('receive: quietMs must be >= 0, got ' + quietMs);
    return new Promise((resolve) => {
      let handle: unknown;
      const arm = (): void => {
        timers.clearTimeout(handle);
        handle = timers.setTimeout(() => {
          if (quiet === arm) quiet = null;
          resolve(inbox.splice(0, inbox.length));
        }, quietMs);
      };
      quiet = arm;
      arm();
    });
  };

  return client;
}
