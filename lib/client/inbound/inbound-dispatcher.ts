import { Multicast } from '../shared/multicast';
import type { Packet, PublishPacket } from '../../codec/packet';
import type { OutboundWindow } from '../outbound/outbound-window';
import type { Link, LinkHandler } from '../connection/link';
import type { TopicRegistry } from './topic-registry';
import type { SessionStore } from '../store/session-store';
import type { MqttMessage } from '../types';

function noop(): void {}

/**
 * Where the packets of a live session go: PUBLISH to `messages` and the matching
 * `topic()` observers, acknowledgements to the outbound window. Plain calls and
 * long-lived subjects only: nothing is created per message but the message itself.
 *
 * - QoS 1: the PUBACK is queued right after the message was handed to every observer
 *   (synchronously, so "after the callback returned", as mqtt_async does).
 * - QoS 2 (when a broker grants it): delivered once on PUBLISH, answered with PUBREC;
 *   a re-sent PUBLISH with the same id before PUBREL is only answered, not delivered
 *   again; PUBREL is answered with PUBCOMP [MQTT-4.3.3-2]. The ids between PUBREC and
 *   PUBREL are session state: they survive reconnects, are recorded in the store (so
 *   a new process answers a re-sent PUBLISH without delivering it again), and are
 *   forgotten when the broker starts a new session.
 * - Outbound QoS 2: a PUBREC is answered with PUBREL (the window's entry moves on),
 *   PUBCOMP settles it [MQTT-4.3.3].
 * - MQTT 5: a PUBREC with a reason code of 0x80 and above settles the publication as
 *   refused, without PUBREL [MQTT-4.3.3-4]; a PUBREC or PUBREL for a packet id we do not
 *   know is answered with reason code 0x92 (Packet Identifier not found), a PUBREL we
 *   know with 0x00 [MQTT-3.6.2.1] [MQTT-3.7.2.1].
 * - Other acknowledgements of unknown packet ids are ignored.
 */
export class InboundDispatcher implements LinkHandler {
  /** Every inbound PUBLISH, before routing. */
  readonly messages = new Multicast<MqttMessage>();
  /** Inbound QoS 2 packet ids between PUBLISH and PUBREL; survives reconnects (session state). */
  private readonly qos2: { [packetId: number]: boolean } = {};

  constructor(
    private readonly topics: TopicRegistry,
    private readonly window: OutboundWindow,
    private readonly store: SessionStore | null = null,
    recoveredIds: number[] = [],
    /** A message no observer took (no matching `topic()`, no `messages$`): `stats.unrouted`. */
    private readonly onUnrouted: () => void = noop,
  ) {
    for (let i = 0; i < recoveredIds.length; i++) this.qos2[recoveredIds[i]] = true;
  }

  /** A session started: a new one (`present` false) holds no QoS 2 publication of ours [MQTT-3.1.2-6]. */
  linkStarted(present: boolean): void {
    if (present) return;
    for (const id in this.qos2) delete this.qos2[id];
    if (this.store !== null) this.store.clearIncoming();
  }

  /** @internal called by the session for every packet after CONNACK. */
  packet(packet: Packet, session: Link): void {
    switch (packet.type) {
      case 'publish':
        this.publish(packet, session);
        break;
      case 'puback':
      case 'pubcomp':
      case 'suback':
      case 'unsuback':
        this.window.acknowledge(packet);
        break;
      case 'pubrec':
        if (packet.reasonCode !== undefined && packet.reasonCode >= 0x80) this.window.acknowledge(packet); // refused: no PUBREL
        else if (this.window.received(packet.packetId) !== null) session.sendAck(6, packet.packetId);
        else if (session.v5 !== null) session.send({ type: 'pubrel', packetId: packet.packetId, reasonCode: 0x92 });
        break;
      case 'pubrel':
        if (this.qos2[packet.packetId]) {
          delete this.qos2[packet.packetId];
          if (this.store !== null) this.store.removeIncoming(packet.packetId);
          session.sendAck(7, packet.packetId);
        } else if (session.v5 !== null) session.send({ type: 'pubcomp', packetId: packet.packetId, reasonCode: 0x92 });
        else session.sendAck(7, packet.packetId);
        break;
      default:
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
    if (packet.properties !== undefined) message.properties = packet.properties; // MQTT 5
    const watched = this.messages.observed;
    this.messages.next(message);
    if (!this.topics.dispatch(message) && !watched) this.onUnrouted();
    if (packet.qos === 1) session.sendAck(4, id);
    else if (packet.qos === 2) {
      this.qos2[id] = true;
      if (this.store !== null) this.store.putIncoming(id); // durable before the PUBREC leaves
      session.sendAck(5, id);
    }
  }
}
