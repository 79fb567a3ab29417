import type { HmacSha256 } from './hmac-sha256';
import { toHex } from './hmac-sha256';
import { asciiJson, parseFrame, sealFrame, verifyFrame } from './node-frame';

/**
 * Where a keyed node's counters stand with its gateway: the gateway's epoch, the last
 * counter the node used and the last one it accepted from the gateway. A node that
 * deep-sleeps may keep it (RTC memory, flash) and pass it back to skip the hello on
 * wake; a stale one costs one re-sync, never a security hole.
 */
export interface NodeSession {
  epoch: number;
  sent: number;
  received: number;
}

/** What {@link NodeFraming.open} made of a datagram from the gateway. */
export type GatewayFrame =
  | { type: 'data'; list: unknown }
  | { type: 'synced' }
  | { type: 'resync' }
  | { type: 'ignored' };

/**
 * The node's side of authentication, for Node and Espruino (no Node APIs, no RxJS):
 * signs its frames with the next counter, accepts only genuine, fresh frames of its
 * session from the gateway, and runs the hello (random nonce) / sync exchange that
 * gives it a session. Internal to {@link createNodeClient}.
 *
 * @example
 * ```ts
 * const framing = new NodeFraming('shed', key, hmac, Math.random, null);
 * socket.send(framing.hello(), done);   // then framing.open(reply).type === 'synced'
 * socket.send(framing.seal(['nodes/shed/t', '21', false, 5]), done);
 * ```
 */
export class NodeFraming {
  private nonce: string | null = null;

  constructor(
    private readonly nodeId: string,
    private readonly key: Uint8Array,
    private readonly hmac: HmacSha256,
    private readonly random: () => number,
    /** The session now; `null` until a sync (or when one was passed in). */
    public session: NodeSession | null,
  ) {}

  /** A hello frame with a fresh nonce; the next matching sync gives the session. */
  hello(): string {
    const bytes = new Uint8Array(8);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(this.random() * 256) & 0xff;
    this.nonce = toHex(bytes);
    return sealFrame(this.hmac, this.key, 'n', { kind: 'H', nodeId: this.nodeId, epoch: 0, counter: 0, body: this.nonce });
  }

  /** A data frame carrying `list` with the next counter; call only with a session. */
  seal(list: unknown[]): string {
    const session = this.session as NodeSession;
    session.sent++;
    return sealFrame(this.hmac, this.key, 'n', { kind: 'D', nodeId: this.nodeId, epoch: session.epoch, counter: session.sent, body: asciiJson(list) });
  }

  /** Checks a datagram from the gateway; anything not genuine, not fresh or not ours is `ignored`. */
  open(text: string): GatewayFrame {
    const parsed = parseFrame(text);
    if (parsed === undefined || parsed.frame.nodeId !== this.nodeId) return { type: 'ignored' };
    if (!verifyFrame(this.hmac, this.key, 'g', parsed)) return { type: 'ignored' };
    const frame = parsed.frame;
    const session = this.session;
    if (frame.kind === 'S') {
      const parts = frame.body.split(' ');
      if (this.nonce === null || parts[0] !== this.nonce || !/^[0-9]+$/.test(parts[1] || '')) return { type: 'ignored' };
      this.nonce = null;
      this.session = { epoch: frame.epoch, sent: Number(parts[1]) - 1, received: frame.counter };
      return { type: 'synced' };
    }
    if (frame.kind === 'R') {
      // Only a newer epoch than ours: a replayed notice of an older run cannot unsettle us.
      if (session === null || frame.epoch <= session.epoch) return { type: 'ignored' };
      this.session = null;
      return { type: 'resync' };
    }
    if (frame.kind !== 'D' || session === null || frame.epoch !== session.epoch || frame.counter <= session.received) return { type: 'ignored' };
    session.received = frame.counter;
    let list: unknown;
    try {
      list = JSON.parse(frame.body);
    } catch (e) {
      return { type: 'ignored' };
    }
    return { type: 'data', list };
  }
}
