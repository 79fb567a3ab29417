import { Multicast } from '../shared/multicast';
import type { Packet, PublishPacket } from '../../codec/packet';
import type { OutboundWindow } from '../outbound/outbound-window';
import type { Link, LinkHandler } from '../connection/link';
import type { TopicRegistry } from './topic-registry';
import type { MqttMessage } from '../types';

/**
 * Where the packets of a live session go: PUBLISH to `messages` and the matching
 * `topic()` observers, acknowledgements to the outbound window. Plain calls and
 * long-lived subjects only: nothing is created per message but the message itself.
 *
 * - QoS 1: the PUBACK is queued right after the message was handed to every observer
 *   (synchronously, so "after the callback returned", as mqtt_async does).
 * - QoS 2 (when a broker grants it): delivered once on PUBLISH, answered with PUBREC;
 *   a re-sent PUBLISH with the same id before PUBREL is only answered, not delivered
 *   again; PUBREL is answered with PUBCOMP [MQTT-4.3.3-2].
 * - Acknowledgements of unknown packet ids are ignored.
 */
function noop(): void {}

export class InboundDispatcher implements LinkHandler {
  /** Every inbound PUBLISH, before routing. */
  readonly messages = new Multicast<MqttMessage>();
  /** Inbound QoS 2 packet ids between PUBLISH and PUBREL; survives reconnects (session state). */
  private readonly qos2: { [packetId: number]: boolean } = {};

  constructor(
    private readonly topics: TopicRegistry,
    private readonly window: OutboundWindow,
    /** A message no observer took (no matching `topic()`, no `messages$`): `stats.unrouted`. */
    private readonly onUnrouted: () => void = noop,
  ) {}

  /** @internal called by the session for every packet after CONNACK. */
  packet(packet: Packet, session: Link): void {
    switch (packet.type) {
      case 'publish':
        this.publish(packet, session);
        break;
      case 'puback':
      case 'suback':
      case 'unsuback':
        this.window.acknowledge(packet);
        break;
      case 'pubrel':
        delete this.qos2[packet.packetId];
        session.sendAck(7, packet.packetId);
        break;
      default:
        // PUBREC / PUBCOMP: this client never publishes at QoS 2; nothing to settle
        break;
    }
  }

  private publish(packet: PublishPacket, session: Link): void {
    const id = packet.packetId as number;
    if (packet.qos === 2 && this.qos2[id]) {
      session.sendAck(5, id);
      return;
    }
    const message: MqttMessage = {
      topic: packet.topic,
      payload: packet.payload,
      qos: packet.qos,
      retain: packet.retain,
      dup: packet.dup,
    };
    const watched = this.messages.observed;
    this.messages.next(message);
    if (!this.topics.dispatch(message) && !watched) this.onUnrouted();
    if (packet.qos === 1) session.sendAck(4, id);
    else if (packet.qos === 2) {
      this.qos2[id] = true;
      session.sendAck(5, id);
    }
  }
}
