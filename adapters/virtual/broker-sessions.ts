import type { QoS } from '../../lib/codec/packet';
import { parseSharedFilter } from '../../lib/codec/shared-subscription';
import { topicMatchesFilter } from '../../lib/codec/topic';

/** What the virtual broker keeps per client id; `C` is its connection type. */
export interface BrokerSession<C> {
  clientId: string;
  clean: boolean;
  /** Topic filter → granted QoS. */
  subscriptions: { [filter: string]: QoS };
  /** Inbound QoS 2 packet ids between PUBLISH and PUBREL. */
  qos2: { [packetId: number]: boolean };
  /** The live connection of this client, if any. */
  connection: C | null;
}

/**
 * The virtual broker's sessions by client id: a clean session lasts as long as its
 * connection [MQTT-3.1.2-6]; a persistent one keeps its subscriptions and makes the
 * next CONNACK say `sessionPresent` [MQTT-3.2.2-2].
 */
export class BrokerSessions<C> {
  private readonly byId: { [clientId: string]: BrokerSession<C> } = {};

  /** The stored session of `clientId`, or null. */
  get(clientId: string): BrokerSession<C> | null {
    const key = '/' + clientId;
    return Object.prototype.hasOwnProperty.call(this.byId, key) ? this.byId[key] : null;
  }

  /** Opens the session of a CONNECT: resumed when one exists and `clean` is false. */
  open(clientId: string, clean: boolean): { session: BrokerSession<C>; present: boolean } {
    const existing = this.get(clientId);
    if (existing !== null && !clean) {
      existing.clean = false;
      return { session: existing, present: true };
    }
    const session: BrokerSession<C> = { clientId, clean, subscriptions: {}, qos2: {}, connection: null };
    this.byId['/' + clientId] = session;
    return { session, present: false };
  }

  /** The connection of `session` ended: a clean session is discarded. */
  detach(session: BrokerSession<C>, connection: C): void {
    if (session.connection !== connection) return;
    session.connection = null;
    if (session.clean) delete this.byId['/' + session.clientId];
  }

  /** Whether `filter` matches `topic` (never for a shared subscription: see `SharedGroups`). */
  matches(filter: string, topic: string): boolean {
    return parseSharedFilter(filter) === null && topicMatchesFilter(filter, topic);
  }

  /** The highest QoS among the plain (not shared) subscriptions of `session` matching `topic`; -1 when none does. */
  bestQos(session: BrokerSession<C>, topic: string): number {
    let best = -1;
    const filters = Object.keys(session.subscriptions);
    for (let i = 0; i < filters.length; i++) {
      const qos = session.subscriptions[filters[i]];
      if (qos > best && this.matches(filters[i], topic)) best = qos;
    }
    return best;
  }
}
