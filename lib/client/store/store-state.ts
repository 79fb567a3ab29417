import type { QueuedPublication, StoredPublication, StoredSession } from './session-store';

/**
 * The state a store holds for one client, in memory: outgoing publications by packet id
 * in their first sending order, and the incoming QoS 2 ids awaiting PUBREL. The stores
 * (`memoryStore`, `fileStore`) keep one each; the file store replays its log into one.
 * Plain objects and arrays only (no Map), so it runs on Espruino too.
 *
 * @example
 * ```ts
 * const state = new StoreState();
 * state.putOutgoing({ packetId: 1, topic: 't', payload, qos: 2, retain: false, released: false });
 * state.releaseOutgoing(1);
 * state.snapshot().outgoing[0].released; // true
 * ```
 */
export class StoreState {
  private outgoing: { [packetId: number]: StoredPublication } = {};
  /** Packet ids in the order they were put; may hold stale ids (pruned lazily). */
  private order: number[] = [];
  private incoming: { [packetId: number]: boolean } = {};
  /** Queued publications never sent, by key (keys rise in queue order). */
  private queued: { [key: number]: QueuedPublication } = {};
  /** Outgoing publications stored now. */
  outgoingCount = 0;

  /** Stores `p` (a copy), replacing what its packet id held; it goes last in the order. */
  putOutgoing(p: StoredPublication): void {
    if (this.outgoing[p.packetId] === undefined) this.outgoingCount++;
    this.order.push(p.packetId);
    this.outgoing[p.packetId] = { packetId: p.packetId, topic: p.topic, payload: p.payload, qos: p.qos, retain: p.retain, released: p.released };
    if (this.order.length > 64 && this.order.length > 2 * this.outgoingCount) this.order = this.live();
  }

  /** Marks outgoing `id` as past PUBREC. */
  releaseOutgoing(id: number): void {
    const p = this.outgoing[id];
    if (p !== undefined) p.released = true;
  }

  /** Forgets outgoing `id`. */
  removeOutgoing(id: number): void {
    if (this.outgoing[id] === undefined) return;
    delete this.outgoing[id];
    this.outgoingCount--;
    if (this.outgoingCount === 0) this.order = [];
  }

  /** Holds (`on`) or forgets incoming QoS 2 `id`. */
  setIncoming(id: number, on: boolean): void {
    if (on) this.incoming[id] = true;
    else delete this.incoming[id];
  }

  /** Stores queued publication `q` (a copy). */
  putQueued(q: QueuedPublication): void {
    this.queued[q.key] = { key: q.key, topic: q.topic, payload: q.payload, qos: q.qos, retain: q.retain };
  }

  /** Forgets queued publication `key`. */
  removeQueued(key: number): void {
    delete this.queued[key];
  }

  /** Queued `key` becomes outgoing `packetId`, not released (nothing when `key` is not queued). */
  sendQueued(key: number, packetId: number): void {
    const q = this.queued[key];
    if (q === undefined) return;
    delete this.queued[key];
    this.putOutgoing({ packetId, topic: q.topic, payload: q.payload, qos: q.qos, retain: q.retain, released: false });
  }

  /** Forgets every incoming id. */
  clearIncoming(): void {
    this.incoming = {};
  }

  /** Copies of what is stored: outgoing in first sending order, incoming ids ascending, queued (when any) by key. */
  snapshot(): StoredSession {
    const outgoing: StoredPublication[] = [];
    const ids = this.live();
    this.order = ids;
    for (let i = 0; i < ids.length; i++) {
      const p = this.outgoing[ids[i]];
      outgoing.push({ packetId: p.packetId, topic: p.topic, payload: p.payload, qos: p.qos, retain: p.retain, released: p.released });
    }
    const incoming: number[] = [];
    for (const id in this.incoming) incoming.push(Number(id));
    incoming.sort((a, b) => a - b);
    const queued: QueuedPublication[] = [];
    for (const key in this.queued) {
      const q = this.queued[key];
      queued.push({ key: q.key, topic: q.topic, payload: q.payload, qos: q.qos, retain: q.retain });
    }
    queued.sort((a, b) => a.key - b.key);
    return queued.length > 0 ? { outgoing, incoming, queued } : { outgoing, incoming };
  }

  /** The stored ids, each at its latest put (an id freed and taken again is a new publication). */
  private live(): number[] {
    const seen: { [id: number]: boolean } = {};
    const out: number[] = [];
    for (let i = this.order.length - 1; i >= 0; i--) {
      const id = this.order[i];
      if (this.outgoing[id] !== undefined && !seen[id]) {
        seen[id] = true;
        out.push(id);
      }
    }
    return out.reverse();
  }
}
