/**
 * The node side of the gateway protocol (seed 004's `common.py` and its demos), for Node
 * and for Espruino: no RxJS, no Node APIs, only plain callbacks, Promises and the timers
 * it is given. The datagram socket is injected ({@link NodeSocket}); on Node use
 * {@link nodeUdpSocket}.
 *
 * Written in the subset Espruino runs (no default parameters, destructuring, spread,
 * Map/Set, async/await or `?.`).
 */
import type { HmacSha256 } from './hmac-sha256';
import { parseNodeKey, isNodeId } from './node-frame';
import { NodeFraming, NodeSession } from './node-session';

export type { NodeSession };

/** A text datagram socket connected to the gateway. */
export interface NodeSocket {
  /** Sends one datagram to the gateway; `done(error)` when it was handed on or failed. */
  send(text: string, done: (error?: unknown) => void): void;
  /** Registers the one handler of datagrams from the gateway. */
  onMessage(handler: (text: string) => void): void;
  /** The platform's HMAC-SHA256, when the socket brings one ({@link nodeUdpSocket} does). */
  readonly hmac?: HmacSha256;
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
 * answered `["OUT","OUT"]`: broker or network outage, not forwarded), `'refused'` (the
 * gateway answered `["NO","NO"]`: outside this node's reach), `'no-ack'` (no answer after
 * every retry; for a keyed node also: no answer to its hello), `'failed'` (the socket could
 * not send).
 */
export type PublishStatus = 'sent' | 'ack' | 'out' | 'refused' | 'no-ack' | 'failed';

/** Timer functions; inject fakes to test without waiting. */
export interface NodeTimers {
  /** Runs `callback` after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer `setTimeout` returned. */
  clearTimeout(handle: unknown): void;
}

/** Options of {@link createNodeClient}. */
export interface NodeClientOptions {
  socket: NodeSocket;
  /** This node's id in the gateway's `nodes` (1-32 letters, digits, `_`, `-`). Without it the node is an open (unkeyed) node. */
  nodeId?: string;
  /** This node's pre-shared key, 64 hex digits; required with `nodeId`. */
  key?: string;
  /**
   * HMAC-SHA256 (default: the socket's). On Espruino:
   * `composeHmacSha256((d) => new Uint8Array(require('crypto').SHA256(d)))`.
   */
  hmac?: HmacSha256;
  /** A session kept from an earlier run (see {@link NodeClient.session}); default none: the first send says hello. */
  session?: NodeSession;
  /** Random numbers in [0, 1) for the hello's nonce (default `Math.random`). */
  random?: () => number;
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
  /**
   * A keyed node's session now (a copy), to keep over a deep sleep and pass back as
   * `session`; `null` before the first sync or for an open node.
   */
  session(): NodeSession | null;
}

interface Waiter {
  /** `'stale'`: the gateway asked for a re-sync (it restarted); the publication is sent again after one. */
  answer: (status: PublishStatus | 'stale') => void;
}

/**
 * Makes a node client on `socket`. With `nodeId` and `key` every datagram both ways is
 * an authenticated frame (see `node-frame`): the first send says hello to learn the
 * gateway's epoch and where its counters stand, and datagrams that are not genuine and
 * fresh from the gateway are ignored. Without them it speaks the seed's plain JSON lists
 * (the gateway accepts those only when it runs `open`).
 *
 * @example
 * ```ts
 * const node = createNodeClient({ socket: nodeUdpSocket({ gateway: '192.168.0.2:8266' }), nodeId: 'shed', key: SHED_KEY });
 * node.subscribe('nodes/shed/cmd', 1)
 *   .then(() => node.publish('nodes/shed/light', '417', { ack: true }))   // 'ack', 'out', 'refused' or 'no-ack'
 *   .then(() => node.receive(200))                             // messages queued for this node
 *   .then((messages) => messages.forEach((m) => console.log(m.topic, m.message)));
 * ```
 */
export function createNodeClient(options: NodeClientOptions): NodeClient {
  if (!options || !options.socket) throw new TypeError('createNodeClient: socket is required');
  const socket = options.socket;
  let framing: NodeFraming | null = null;
  if (options.nodeId !== undefined || options.key !== undefined) {
    if (typeof options.nodeId !== 'string' || !isNodeId(options.nodeId)) {
      throw new TypeError('createNodeClient: nodeId must be 1-32 letters, digits, _ or -');
    }
    const key = parseNodeKey(options.key);
    if (key === undefined) throw new TypeError('createNodeClient: key must be 64 hex digits');
    const hmac = options.hmac || socket.hmac;
    if (!hmac) throw new TypeError('createNodeClient: a keyed node needs hmac (the socket brings none)');
    const start = options.session ? { epoch: options.session.epoch, sent: options.session.sent, received: options.session.received } : null;
    framing = new NodeFraming(options.nodeId, key, hmac, options.random || Math.random, start);
  }
  const ackTimeout = options.ackTimeout === undefined ? 1000 : options.ackTimeout;
  const retries = options.retries === undefined ? 3 : options.retries;
  const inboxLimit = options.inboxLimit === undefined ? 10 : options.inboxLimit;
  if (!(ackTimeout > 0)) throw new RangeError('createNodeClient: ackTimeout must be > 0, got ' + ackTimeout);
  if (!(retries >= 0 && retries % 1 === 0)) throw new RangeError('createNodeClient: retries must be an integer >= 0, got ' + retries);
  if (!(inboxLimit >= 1 && inboxLimit % 1 === 0)) throw new RangeError('createNodeClient: inboxLimit must be an integer >= 1, got ' + inboxLimit);
  const timers: NodeTimers = options.timers || {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    // Espruino throws on clearTimeout(undefined).
    clearTimeout: (handle) => {
      if (handle !== undefined) clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
  const inbox: NodeMessage[] = [];
  let waiter: Waiter | null = null;
  let syncWaiter: (() => void) | null = null;
  let quiet: (() => void) | null = null;
  let tail: Promise<unknown> = Promise.resolve();
  const client = { drops: 0, outages: 0 } as NodeClient & { drops: number; outages: number };

  socket.onMessage((text) => {
    let list: unknown;
    if (framing !== null) {
      const opened = framing.open(text); // a keyed node hears its gateway only
      if (opened.type === 'synced') {
        if (syncWaiter) syncWaiter();
        return;
      }
      if (opened.type === 'resync') {
        if (waiter) waiter.answer('stale');
        return;
      }
      if (opened.type !== 'data') return;
      list = opened.list;
    } else {
      try {
        list = JSON.parse(text);
      } catch (e) {
        return; // not from a gateway
      }
    }
    if (!Array.isArray(list) || typeof list[0] !== 'string' || typeof list[1] !== 'string') return;
    if (list.length === 2 && (list[0] === 'ACK' || list[0] === 'OUT' || list[0] === 'NO') && list[1] === list[0]) {
      if (list[0] === 'OUT') client.outages++;
      if (waiter) waiter.answer(list[0] === 'ACK' ? 'ack' : list[0] === 'OUT' ? 'out' : 'refused');
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

  /** The datagram carrying `list`: signed with the next counter for a keyed node. */
  function datagram(list: unknown[]): string {
    return framing === null ? JSON.stringify(list) : framing.seal(list);
  }

  /** Resolves true once a keyed node has a session (saying hello when it has none, `retries` times). */
  function synced(attempt: number): Promise<boolean> {
    if (framing === null || framing.session !== null) return Promise.resolve(true);
    const hello = framing.hello();
    return new Promise((resolve) => {
      let handle: unknown;
      const done = (): void => {
        timers.clearTimeout(handle);
        syncWaiter = null;
        resolve(true);
      };
      syncWaiter = done;
      handle = timers.setTimeout(() => {
        if (syncWaiter === done) syncWaiter = null;
        resolve(attempt < retries ? synced(attempt + 1) : false);
      }, ackTimeout);
      socket.send(hello, () => undefined); // a failed send is silence: the timer resends
    });
  }

  function sendOnce(list: unknown[]): Promise<PublishStatus> {
    return synced(0).then((ok) => {
      if (!ok) return 'no-ack';
      return new Promise<PublishStatus>((resolve) => {
        socket.send(datagram(list), (error) => resolve(error ? 'failed' : 'sent'));
      });
    });
  }

  /**
   * Sends `list`, then waits for ACK, OUT or NO; resends on silence, `retries` times
   * (each resend a new datagram: a keyed node signs it with its next counter).
   */
  function sendForAck(list: unknown[], attempt: number, resynced: boolean): Promise<PublishStatus> {
    return synced(0).then((ok) => {
      if (!ok) return 'no-ack';
      return new Promise<PublishStatus>((resolve) => {
        let handle: unknown;
        const current: Waiter = {
          answer: (status) => {
            timers.clearTimeout(handle);
            waiter = null;
            if (status !== 'stale') resolve(status);
            else resolve(resynced ? 'no-ack' : sendForAck(list, attempt, true));
          },
        };
        waiter = current;
        handle = timers.setTimeout(() => {
          if (waiter === current) waiter = null;
          if (attempt < retries) resolve(sendForAck(list, attempt + 1, resynced));
          else resolve('no-ack');
        }, ackTimeout);
        socket.send(datagram(list), () => undefined); // a failed send is silence: the timer resends
      });
    });
  }

  client.publish = (topic, message, publishOptions) => {
    if (typeof topic !== 'string' || typeof message !== 'string') throw new TypeError('publish: topic and message must be strings');
    const o = publishOptions || {};
    const qos = o.qos === 1 ? 1 : 0;
    const ack = o.ack === true;
    const list = [topic, message, o.retain === true, ack ? qos | 4 : qos];
    return serial(() => (ack ? sendForAck(list, 0, false) : sendOnce(list)));
  };

  client.subscribe = (topic, qos) => {
    if (typeof topic !== 'string') throw new TypeError('subscribe: topic must be a string');
    if (qos !== 0 && qos !== 1) throw new RangeError('subscribe: qos must be 0 or 1, got ' + qos);
    return serial(() => sendOnce([topic, qos]));
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

  client.session = () => {
    const session = framing === null ? null : framing.session;
    return session === null ? null : { epoch: session.epoch, sent: session.sent, received: session.received };
  };

  return client;
}
