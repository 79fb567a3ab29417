/**
 * The topic aliases the client assigns on one connection (MQTT 5, section 3.3.2.3.4).
 */

/** What to put in an outbound PUBLISH: its topic name (`''` when the alias stands for it) and Topic Alias. */
export interface AliasedTopic {
  topic: string;
  /** Absent when no alias is used. */
  topicAlias?: number;
}

/**
 * Assigns Topic Aliases to outbound PUBLISH packets, up to the server's
 * `topicAliasMaximum` (CONNACK): a topic's first publication carries the topic and a new
 * alias, later ones an empty topic and the alias. When every alias is taken, the alias
 * used longest ago goes to the new topic: a PUBLISH carrying a topic and an alias
 * replaces the server's mapping. The mappings live for one connection: make a new instance
 * for each, since the server forgets them [MQTT-3.3.2-7]; a packet re-sent on a new
 * connection goes through the new instance.
 *
 * Call {@link assign} in the order the packets are written: the server learns a mapping
 * from the packet that carries it. The policy is least recently used: the aliases go to
 * the first {@link maximum} topics published, then each new topic takes the alias whose
 * topic was published longest ago (a linear scan over at most {@link maximum} aliases).
 *
 * @example
 * ```ts
 * const aliases = new OutboundTopicAliases(connack.properties.topicAliasMaximum || 0);
 * aliases.assign('sensors/1'); // { topic: 'sensors/1', topicAlias: 1 }
 * aliases.assign('sensors/1'); // { topic: '', topicAlias: 1 }
 * ```
 */
export class OutboundTopicAliases {
  /** Alias by topic; a null prototype so any topic is a plain key (no Map on Espruino). */
  private readonly aliases: { [topic: string]: number } = Object.create(null);
  /** Topic by alias, and when each alias was last used (a counter, not a clock). */
  private readonly topics: string[] = [];
  private readonly lastUsed: number[] = [];
  private uses = 0;
  private assigned = 0;

  /**
   * @param maximum the server's `topicAliasMaximum` (0 or absent: no aliases)
   */
  constructor(readonly maximum: number) {}

  /**
   * The topic name and alias to send for a publication to `topic`.
   *
   * @example
   * ```ts
   * const { topic: name, topicAlias } = aliases.assign(message.topic);
   * ```
   */
  assign(topic: string): AliasedTopic {
    if (this.maximum < 1) return { topic: topic };
    this.uses++;
    const known = this.aliases[topic];
    if (known !== undefined) {
      this.lastUsed[known] = this.uses;
      return { topic: '', topicAlias: known };
    }
    return this.set(topic, this.assigned < this.maximum ? ++this.assigned : this.leastRecentlyUsed());
  }

  /**
   * Sets `alias` (1 to {@link maximum}, checked by the caller) to stand for `topic`, as a
   * PUBLISH carrying both tells the server: a `topicAlias` the application gave. Later
   * publications to `topic` use it (until it is reassigned).
   *
   * @example
   * ```ts
   * aliases.set('sensors/1', 5); // { topic: 'sensors/1', topicAlias: 5 }
   * aliases.assign('sensors/1'); // { topic: '', topicAlias: 5 }
   * ```
   */
  set(topic: string, alias: number): AliasedTopic {
    this.uses++;
    const previous = this.topics[alias];
    if (previous !== undefined && this.aliases[previous] === alias) delete this.aliases[previous];
    this.topics[alias] = topic;
    this.aliases[topic] = alias;
    this.lastUsed[alias] = this.uses;
    return { topic: topic, topicAlias: alias };
  }

  /** How many aliases are assigned (at most {@link maximum}). */
  get size(): number {
    return this.assigned;
  }

  private leastRecentlyUsed(): number {
    let oldest = 1;
    for (let a = 2; a <= this.maximum; a++) if (this.lastUsed[a] < this.lastUsed[oldest]) oldest = a;
    return oldest;
  }
}
