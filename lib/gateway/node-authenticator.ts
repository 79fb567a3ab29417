import type { HmacSha256 } from './hmac-sha256';
import { FrameKind, ParsedFrame, parseFrame, sealFrame, verifyFrame } from './node-frame';

/** Why a frame was refused before anything in it was acted on. */
export type FrameRefusal = 'BAD_FRAME' | 'UNKNOWN_NODE' | 'BAD_MAC' | 'REPLAY';

/** What {@link NodeAuthenticator.open} made of a frame. */
export type OpenedFrame =
  /** A fresh data frame: act on `body` (seed 004's JSON list) as node `nodeId`. */
  | { type: 'data'; nodeId: string; body: string }
  /** A genuine frame that needs an answer only: send `reply` to the sender (hello, stale epoch). */
  | { type: 'reply'; nodeId: string; reply: string; stale: boolean }
  | { type: 'refused'; code: FrameRefusal; nodeId?: string };

interface Counters {
  /** Highest counter accepted from the node in this epoch. */
  received: number;
  /** Last counter the gateway used towards the node in this epoch. */
  sent: number;
}

/**
 * The gateway's side of node authentication: each node's key, and per node the two
 * counters of the current epoch. A frame is acted on only when its MAC is right for its
 * node's key and direction, it carries the current epoch and its counter is higher than
 * any accepted before: a forged, altered, reflected or replayed datagram is refused.
 *
 * Epochs: `epoch` is new at every gateway start (persisted, so it only grows), so frames
 * of earlier runs are stale whatever their counter, and counters need not be written at
 * every datagram. A node learns the epoch and where its counters stand with a hello
 * (`H`, its random nonce) answered by a sync (`S`, the nonce and its next counter), and a
 * node that sends a stale epoch gets a signed re-sync notice (`R`).
 *
 * @example
 * ```ts
 * const auth = new NodeAuthenticator(hmac, { A: key }, epoch);
 * const opened = auth.open(text);
 * if (opened.type === 'data') handle(opened.nodeId, opened.body);
 * link.send(address, auth.seal('A', 'D', asciiJson(['ACK', 'ACK'])));
 * ```
 */
export class NodeAuthenticator {
  private readonly counters: { [nodeId: string]: Counters } = Object.create(null);

  constructor(
    private readonly hmac: HmacSha256,
    private readonly keys: { readonly [nodeId: string]: Uint8Array },
    readonly epoch: number,
  ) {}

  /** Whether `nodeId` has a key. */
  knows(nodeId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.keys, nodeId);
  }

  /** Checks one frame from a node (see the class comment). Never throws. */
  open(text: string): OpenedFrame {
    const parsed: ParsedFrame | undefined = parseFrame(text);
    if (parsed === undefined) return { type: 'refused', code: 'BAD_FRAME' };
    const frame = parsed.frame;
    if (!this.knows(frame.nodeId)) return { type: 'refused', code: 'UNKNOWN_NODE', nodeId: frame.nodeId };
    if (!verifyFrame(this.hmac, this.keys[frame.nodeId], 'n', parsed)) return { type: 'refused', code: 'BAD_MAC', nodeId: frame.nodeId };
    const counters = this.countersOf(frame.nodeId);
    if (frame.kind === 'H') {
      // A hello changes nothing here, so a replayed one only earns a sync its node ignores (wrong nonce).
      if (!/^[0-9a-f]{8,64}$/.test(frame.body)) return { type: 'refused', code: 'BAD_FRAME', nodeId: frame.nodeId };
      return { type: 'reply', nodeId: frame.nodeId, reply: this.seal(frame.nodeId, 'S', frame.body + ' ' + (counters.received + 1)), stale: false };
    }
    if (frame.kind !== 'D') return { type: 'refused', code: 'BAD_FRAME', nodeId: frame.nodeId };
    if (frame.epoch !== this.epoch) {
      // An earlier run's frame (or a node that kept its session over a gateway restart): never acted on.
      return { type: 'reply', nodeId: frame.nodeId, reply: this.seal(frame.nodeId, 'R', ''), stale: true };
    }
    if (frame.counter <= counters.received) return { type: 'refused', code: 'REPLAY', nodeId: frame.nodeId };
    counters.received = frame.counter;
    return { type: 'data', nodeId: frame.nodeId, body: frame.body };
  }

  /** Signs a frame to `nodeId` with its next counter. */
  seal(nodeId: string, kind: FrameKind, body: string): string {
    const counters = this.countersOf(nodeId);
    counters.sent++;
    return sealFrame(this.hmac, this.keys[nodeId], 'g', { kind, nodeId, epoch: this.epoch, counter: counters.sent, body });
  }

  private countersOf(nodeId: string): Counters {
    let counters = this.counters[nodeId];
    if (counters === undefined) counters = this.counters[nodeId] = { received: 0, sent: 0 };
    return counters;
  }
}
