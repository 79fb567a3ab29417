/**
 * The topic aliases the server sets on one connection (MQTT 5, section 3.3.2.3.4).
 */
import { MqttProtocolError } from '../../errors';

/**
 * Resolves the Topic Alias of inbound PUBLISH packets: a PUBLISH with a topic and an alias
 * sets the alias, one with an empty topic and an alias stands for the alias's topic. The
 * mappings live for one connection: make a new instance for each [MQTT-3.3.2-7].
 *
 * Errors are thrown as `MqttProtocolError` with code `INVALID_TOPIC_ALIAS` and the
 * `reasonCode` to DISCONNECT with: 0x94 (Topic Alias invalid) for an alias of 0 or over
 * the maximum the client announced in CONNECT [MQTT-3.3.2-9] [MQTT-3.3.2-10], 0x82
 * (Protocol Error) for an empty topic with an alias never set.
 *
 * @example
 * ```ts
 * const aliases = new InboundTopicAliases(10); // CONNECT topicAliasMaximum: 10
 * aliases.resolve('sensors/1', 3); // 'sensors/1' (alias 3 set)
 * aliases.resolve('', 3);          // 'sensors/1'
 * ```
 */
export class InboundTopicAliases {
  /** Topic by alias (1 – maximum). */
  private readonly topics: string[] = [];

  /**
   * @param maximum the `topicAliasMaximum` the client sent in CONNECT (0: no aliases)
   */
  constructor(readonly maximum: number) {}

  /**
   * The topic of a PUBLISH whose topic name is `topic` and Topic Alias `alias`
   * (`undefined` when it has none).
   *
   * @throws MqttProtocolError `INVALID_TOPIC_ALIAS` (see the class)
   */
  resolve(topic: string, alias: number | undefined): string {
    if (alias === undefined) return topic;
    if (alias < 1 || alias > this.maximum) {
      throw invalidAlias(0x94, 'topic alias ' + alias + ' is outside 1–' + this.maximum + ' [MQTT-3.3.2-9] [MQTT-3.3.2-10]');
    }
    if (topic !== '') {
      this.topics[alias] = topic;
      return topic;
    }
    const known = this.topics[alias];
    if (known === undefined) throw invalidAlias(0x82, 'topic alias ' + alias + ' was never set on this connection');
    return known;
  }
}

function invalidAlias(reasonCode: number, message: string): MqttProtocolError {
  const error = new MqttProtocolError('INVALID_TOPIC_ALIAS', message) as MqttProtocolError & { reasonCode: number };
  error.reasonCode = reasonCode;
  return error;
}
