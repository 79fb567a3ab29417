import type { NodeAddress } from './node-link';
import type { NodeOutbox } from './node-outbox';
import type { NodeReach } from './node-reach';
import type { TokenBucket } from './token-bucket';

/** One node the gateway is talking to now. */
export interface ActiveNode {
  /** Its id (keyed node) or its address (open node): what events and subscriptions name it by. */
  readonly name: string;
  /** Whether it authenticates its datagrams (then every datagram to it is signed too). */
  readonly keyed: boolean;
  /** Where replies go: the source of its last accepted datagram. */
  address: NodeAddress;
  readonly reach: NodeReach;
  /** Its own datagram rate limit. */
  readonly bucket: TokenBucket;
  /** When its last accepted datagram came (ms). */
  lastSeen: number;
  readonly outbox: NodeOutbox;
}

/**
 * The nodes active now, at most `max` of them, in arrival order. A node idle for longer
 * than `idleMs` is handed out by {@link expire} and forgotten, so `max` bounds concurrent
 * nodes, not every node ever seen.
 *
 * @example
 * ```ts
 * const table = new NodeTable(100, 3600_000, () => Date.now());
 * if (!table.add(node)) report('NODE_LIMIT');
 * table.expire().forEach((gone) => subscriptions.removeNode(gone.name));
 * ```
 */
export class NodeTable {
  private readonly byName: { [name: string]: ActiveNode } = Object.create(null);
  private readonly order: ActiveNode[] = [];

  constructor(
    readonly max: number,
    private readonly idleMs: number,
    private readonly now: () => number,
  ) {}

  /** Nodes active now. */
  get size(): number {
    return this.order.length;
  }

  /** The active node `name`, or `undefined`. */
  get(name: string): ActiveNode | undefined {
    return this.byName[name];
  }

  /** Adds `node`; `false` (nothing done) when `max` nodes are active. */
  add(node: ActiveNode): boolean {
    if (this.order.length >= this.max) return false;
    this.byName[node.name] = node;
    this.order.push(node);
    return true;
  }

  /** Every active node, in arrival order (a copy). */
  list(): ActiveNode[] {
    return this.order.slice();
  }

  /** Removes and returns the nodes idle for longer than `idleMs`. */
  expire(): ActiveNode[] {
    const now = this.now();
    const gone: ActiveNode[] = [];
    for (let i = this.order.length - 1; i >= 0; i--) {
      const node = this.order[i];
      if (now - node.lastSeen <= this.idleMs) continue;
      gone.push(node);
      this.order.splice(i, 1);
      delete this.byName[node.name];
    }
    return gone.reverse();
  }
}
