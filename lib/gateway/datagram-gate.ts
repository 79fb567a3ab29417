import type { GatewayConfig } from './gateway-config';
import type { GatewayErrorCode } from './gateway-event';
import type { NodeAuthenticator } from './node-authenticator';
import { FRAME_MAGIC, asciiBytes, asciiText } from './node-frame';
import type { NodeAddress, NodeDatagram } from './node-link';
import { DatagramError, parseNodeDatagram, NodeRequest } from './node-datagram';
import type { ActiveNode } from './node-table';
import { TokenBucket } from './token-bucket';

/** What the gate tells its owner about datagrams it does not let through. */
export interface GateHooks {
  /** A datagram refused (counted and reported by the owner). */
  refuse(code: GatewayErrorCode, address: NodeAddress, reason: string, message: string): void;
  /** A datagram whose seed list is malformed. */
  malformed(address: NodeAddress, error: DatagramError): void;
  /** The active node `name`, made on first contact; `undefined` (reported) when the table is full. */
  activate(name: string, keyed: boolean, address: NodeAddress): ActiveNode | undefined;
  /** Sends an answer the gate owes (a sync or a re-sync notice) to `to`. */
  send(to: NodeAddress, data: Uint8Array, name: string): void;
}

/**
 * Every datagram passes the gate before the gateway acts on it, in this order: the global
 * rate limit, the loop guard (the gateway's own and the broker's addresses), the size
 * limit, authentication (a genuine, fresh frame of this epoch; or a plain seed datagram
 * when the gateway is `open`), the node's own rate limit, and the seed list's syntax.
 * Hellos and stale frames are answered here and go no further.
 *
 * @example
 * ```ts
 * const admitted = gate.admit(datagram);
 * if (admitted) handle(admitted.node, admitted.request);
 * ```
 */
export class DatagramGate {
  private readonly global: TokenBucket;
  private readonly blocked: { [address: string]: true } = Object.create(null);

  constructor(
    private readonly config: GatewayConfig,
    private readonly auth: NodeAuthenticator | null,
    blocked: readonly NodeAddress[],
    private readonly now: () => number,
    private readonly hooks: GateHooks,
  ) {
    this.global = new TokenBucket(config.global_rate, config.global_rate * 2, now);
    for (let i = 0; i < blocked.length; i++) this.blocked[blocked[i]] = true;
  }

  /** The node and its request when `datagram` may be acted on; `undefined` otherwise (refused, answered or malformed). */
  admit(datagram: NodeDatagram): { node: ActiveNode; request: NodeRequest } | undefined {
    const from = datagram.from;
    const config = this.config;
    if (!this.global.take()) return this.refuse('RATE_LIMITED', from, 'global', 'over the global limit of ' + config.global_rate + '/s');
    if (this.blocked[from]) return this.refuse('LOOP', from, 'own address', "datagram from the gateway's own or the broker's address");
    const data = datagram.data;
    if (data.length > config.max_datagram) return this.parse(from, data);
    if (startsWithMagic(data)) return this.admitFrame(from, data);
    if (!config.open) return this.refuse('UNAUTHENTICATED', from, 'unsigned', 'unsigned datagram refused (the gateway is not open)');
    const request = parseNodeDatagram(data, config.max_datagram);
    if (request.type === 'malformed') return this.parse(from, data);
    const node = this.hooks.activate(from, false, from);
    if (node === undefined) return undefined;
    if (!node.bucket.take()) return this.refuse('RATE_LIMITED', from, 'node', 'over the node limit of ' + config.node_rate + '/s');
    node.lastSeen = this.now();
    return { node, request };
  }

  /** An authenticated frame: acted on only when genuine, fresh and of this epoch. */
  private admitFrame(from: NodeAddress, data: Uint8Array): { node: ActiveNode; request: NodeRequest } | undefined {
    const text = asciiText(data);
    const opened = text === undefined || this.auth === null ? undefined : this.auth.open(text);
    if (opened === undefined || opened.type === 'refused') {
      const code = opened ? opened.code : this.auth === null ? 'NO_KEYS' : 'BAD_FRAME';
      const who = opened && opened.nodeId !== undefined ? ' claiming node ' + opened.nodeId : '';
      return this.refuse(code === 'REPLAY' ? 'REPLAY' : 'UNAUTHENTICATED', from, code, 'frame from ' + from + who + ' refused: ' + code);
    }
    const node = this.hooks.activate(opened.nodeId, true, from);
    if (node === undefined) return undefined;
    if (!node.bucket.take()) return this.refuse('RATE_LIMITED', node.name, 'node', 'over the node limit of ' + this.config.node_rate + '/s');
    if (opened.type === 'reply') {
      // A hello or a stale frame may be a replay: it earns an answer to its source, never a new reply address.
      this.hooks.send(from, asciiBytes(opened.reply), node.name);
      return undefined;
    }
    node.address = from; // genuine and fresh: this is where the node is now
    node.lastSeen = this.now();
    const request = parseNodeDatagram(asciiBytes(opened.body), this.config.max_datagram);
    if (request.type === 'malformed') {
      this.hooks.malformed(node.name, request);
      return undefined;
    }
    return { node, request };
  }

  private parse(from: NodeAddress, data: Uint8Array): undefined {
    const result = parseNodeDatagram(data, this.config.max_datagram);
    if (result.type === 'malformed') this.hooks.malformed(from, result);
    return undefined;
  }

  private refuse(code: GatewayErrorCode, address: NodeAddress, reason: string, message: string): undefined {
    this.hooks.refuse(code, address, reason, message);
    return undefined;
  }
}

function startsWithMagic(data: Uint8Array): boolean {
  for (let i = 0; i < FRAME_MAGIC.length; i++) if (data[i] !== FRAME_MAGIC.charCodeAt(i)) return false;
  return true;
}
