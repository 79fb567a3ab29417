import { encodePacket } from '../../lib/codec/encode';
import { PacketDecoder } from '../../lib/codec/decoder';
import type { Packet, PublishPacket } from '../../lib/codec/packet';
import { topicMatchesFilter } from '../../lib/codec/topic';
import type { FakePeer } from './fake-espruino-net';

/**
 * A minimal in-process MQTT 3.1.1 broker for fake Espruino connections: CONNACK
 * (accepted, no session), SUBACK granting min(qos, 1), UNSUBACK, PINGRESP, PUBACK for
 * QoS 1, and delivery of each PUBLISH to every connection subscribed to a matching
 * filter (QoS 1 deliveries get their own packet ids). It answers through
 * `peer.send`, so replies arrive as Espruino `'data'` events on the next turn.
 */
export interface MqttResponder {
  /** Attach to a fake connection (pass as the fake net's `onConnection`). */
  accept(peer: FakePeer): void;
  /** Packets received from clients, by type. */
  readonly counts: { [type: string]: number };
  /** CONNECT packets seen, in order. */
  readonly connects: Packet[];
  /** Protocol errors met (the connection is then closed). */
  readonly errors: Error[];
  /** Publishes from the broker side to every matching subscription (as if another client sent it). */
  inject(topic: string, payload: Uint8Array, qos: 0 | 1): void;
}

export function createMqttResponder(): MqttResponder {
  const counts: { [type: string]: number } = {};
  const connects: Packet[] = [];
  const errors: Error[] = [];
  const sessions: Array<{ peer: FakePeer; filters: { [filter: string]: number }; nextId: number }> = [];

  const deliver = (publish: PublishPacket): void => {
    for (let s = 0; s < sessions.length; s++) {
      const session = sessions[s];
      const filters = Object.keys(session.filters);
      let qos = -1;
      for (let f = 0; f < filters.length; f++) {
        if (topicMatchesFilter(filters[f], publish.topic)) qos = Math.max(qos, session.filters[filters[f]]);
      }
      if (qos < 0) continue;
      const granted = Math.min(qos, publish.qos) as 0 | 1;
      const out: PublishPacket = { type: 'publish', topic: publish.topic, payload: publish.payload, qos: granted, retain: false, dup: false };
      if (granted > 0) {
        session.nextId = session.nextId >= 65535 ? 1 : session.nextId + 1;
        out.packetId = session.nextId;
      }
      session.peer.send(encodePacket(out));
    }
  };

  return {
    counts,
    connects,
    errors,
    inject(topic, payload, qos) {
      deliver({ type: 'publish', topic, payload, qos, retain: false, dup: false });
    },
    accept(peer) {
      const decoder = new PacketDecoder();
      const session = { peer, filters: {} as { [filter: string]: number }, nextId: 0 };
      sessions.push(session);
      const handle = (packet: Packet): void => {
        counts[packet.type] = (counts[packet.type] || 0) + 1;
        switch (packet.type) {
          case 'connect':
            connects.push(packet);
            peer.send(encodePacket({ type: 'connack', sessionPresent: false, returnCode: 0 }));
            break;
          case 'subscribe': {
            const granted: number[] = [];
            for (let i = 0; i < packet.subscriptions.length; i++) {
              const qos = Math.min(packet.subscriptions[i].qos, 1);
              session.filters[packet.subscriptions[i].topic] = qos;
              granted.push(qos);
            }
            peer.send(encodePacket({ type: 'suback', packetId: packet.packetId, granted }));
            break;
          }
          case 'unsubscribe':
            for (let i = 0; i < packet.topics.length; i++) delete session.filters[packet.topics[i]];
            peer.send(encodePacket({ type: 'unsuback', packetId: packet.packetId }));
            break;
          case 'publish':
            if (packet.qos === 1 && packet.packetId !== undefined) {
              peer.send(encodePacket({ type: 'puback', packetId: packet.packetId }));
            }
            deliver(packet);
            break;
          case 'pingreq':
            peer.send(encodePacket({ type: 'pingresp' }));
            break;
          case 'disconnect':
            peer.close();
            break;
          default:
            break;
        }
      };
      peer.onData((bytes) => {
        let packets: Packet[];
        try {
          packets = decoder.push(bytes);
        } catch (error) {
          errors.push(error as Error);
          peer.close();
          return;
        }
        for (let i = 0; i < packets.length; i++) handle(packets[i]);
      });
    },
  };
}
