import type { QoS } from '../../lib/codec/packet';
import { parseSharedFilter } from '../../lib/codec/shared-subscription';
import { topicMatchesFilter } from '../../lib/codec/topic';

/** One member of a shared subscription's group that a message may go to. */
export interface ShareMember<C> {
  connection: C;
  qos: QoS;
}

/**
 * The virtual broker's shared subscriptions [MQTT-4.8.2]: the sessions subscribed to
 * the same `$share/{ShareName}/{filter}` form a group, and each message matching the
 * filter goes to one member of each group, in turn (round-robin over the members
 * connected at that moment).
 */
export class SharedGroups<C> {
  /** Messages routed per group key, to pick the next member. */
  private readonly turns: { [key: string]: number } = {};

  /**
   * The member of every group that gets a message on `topic`. `subscriptions` lists,
   * per connected session, its connection and its subscriptions (filter → QoS).
   */
  pick(topic: string, sessions: Array<{ connection: C; subscriptions: { [filter: string]: QoS } }>): Array<ShareMember<C>> {
    const groups: { [key: string]: Array<ShareMember<C>> } = {};
    const keys: string[] = [];
    for (let s = 0; s < sessions.length; s++) {
      const filters = Object.keys(sessions[s].subscriptions);
      for (let f = 0; f < filters.length; f++) {
        const shared = parseSharedFilter(filters[f]);
        if (shared === null || !topicMatchesFilter(shared.filter, topic)) continue;
        const key = '/' + filters[f];
        if (groups[key] === undefined) {
          groups[key] = [];
          keys.push(key);
        }
        groups[key].push({ connection: sessions[s].connection, qos: sessions[s].subscriptions[filters[f]] });
      }
    }
    const chosen: Array<ShareMember<C>> = [];
    for (let k = 0; k < keys.length; k++) {
      const members = groups[keys[k]];
      const turn = this.turns[keys[k]] || 0;
      this.turns[keys[k]] = turn + 1;
      chosen.push(members[turn % members.length]);
    }
    return chosen;
  }
}
