import type { SchedulerLike } from 'rxjs';
import { PacketDecoder } from '../../lib/codec/decoder';
import { encodePacket } from '../../lib/codec/encode';
import type { ConnectPacket, Packet, ProtocolVersion, PublishPacket, Will } from '../../lib/codec/packet';
import type { BrokerSession } from './broker-sessions';
import { VirtualLink } from './virtual-link';

/** What the broker does with the events of one connection. */
export interface ServerConnectionEvents {
  packet(connection: ServerConnection, packet: Packet): void;
  protocolError(connection: ServerConnection, error: unknown): void;
  clientClosed(connection: ServerConnection): void;
}

/**
 * The broker's end of one virtual connection: decodes what the client writes with the
 * real {@link PacketDecoder}, keeps the connection's will and its packet ids for
 * deliveries.
 */
export class ServerConnection {
  readonly link: VirtualLink;
  clientId = '';
  session: BrokerSession<ServerConnection> | null = null;
  will: Will | null = null;
  /** The client sent DISCONNECT (its will is discarded) [MQTT-3.14.4-3]. */
  disconnected = false;
  /** The protocol level of the client's CONNECT (3, 4 or 5): the broker's packets are encoded at it. */
  protocolVersion: ProtocolVersion = 4;
  /** MQTT 5: the CONNECT whose enhanced authentication is under way (no CONNACK yet). */
  authenticating: ConnectPacket | null = null;
  /** MQTT 5: the step count of the authentication exchange under way. */
  authStep = 0;
  private readonly decoder = new PacketDecoder();
  private nextId = 0;

  constructor(scheduler: SchedulerLike, private readonly events: ServerConnectionEvents) {
    this.link = new VirtualLink(scheduler, {
      received: (bytes) => this.receive(bytes),
      clientClosed: () => this.events.clientClosed(this),
    });
  }

  /** Sends a PUBLISH to the client, with a fresh packet id when QoS > 0. */
  deliver(message: PublishPacket, delay: number): void {
    const packet: PublishPacket = {
      type: 'publish',
      topic: message.topic,
      payload: message.payload,
      qos: message.qos,
      retain: message.retain,
      dup: false,
    };
    if (message.properties !== undefined && this.protocolVersion === 5) packet.properties = message.properties;
    if (packet.qos > 0) {
      this.nextId = this.nextId >= 65535 ? 1 : this.nextId + 1;
      packet.packetId = this.nextId;
    }
    this.link.send(this.encode(packet), delay);
  }

  /** `packet` encoded at the connection's protocol level. */
  encode(packet: Packet): Uint8Array {
    return encodePacket(packet, { protocolVersion: this.protocolVersion });
  }

  private receive(bytes: Uint8Array): void {
    let packets: Packet[];
    try {
      packets = this.decoder.push(bytes);
    } catch (e) {
      this.events.protocolError(this, e);
      return;
    }
    for (let i = 0; i < packets.length && !this.link.isClosed; i++) this.events.packet(this, packets[i]);
  }
}
