import type { Packet } from '../codec/packet';

/**
 * One `-d` line for a packet, worded as mosquitto_pub/mosquitto_sub 2.0 word theirs:
 * `Client <id> sending PUBLISH (d0, q1, r0, m1, 'a/b', ... (5 bytes))`. Payloads and
 * passwords are never shown (a PUBLISH shows its size; a CONNECT shows nothing).
 *
 * @example
 * ```ts
 * describePacket('me', 'received', { type: 'connack', sessionPresent: false, returnCode: 0 });
 * // 'Client me received CONNACK (0)'
 * ```
 */
export function describePacket(clientId: string, direction: 'sending' | 'received', packet: Packet): string {
  const head = 'Client ' + clientId + ' ' + direction + ' ' + packet.type.toUpperCase();
  const sending = direction === 'sending';
  switch (packet.type) {
    case 'connack':
      return head + ' (' + (packet.returnCode !== undefined ? packet.returnCode : packet.reasonCode) + ')'; // MQTT 5: its reason code
    case 'publish':
      return (
        head +
        ' (d' + (packet.dup ? 1 : 0) + ', q' + packet.qos + ', r' + (packet.retain ? 1 : 0) + ', m' + (packet.packetId || 0) +
        ", '" + packet.topic + "', ... (" + packet.payload.length + ' bytes))'
      );
    case 'subscribe': {
      const parts: string[] = [];
      for (let i = 0; i < packet.subscriptions.length; i++) {
        const s = packet.subscriptions[i];
        parts.push(head + ' (Mid: ' + packet.packetId + ', Topic: ' + s.topic + ', QoS: ' + s.qos + ', Options: 0x00)');
      }
      return parts.join('\n');
    }
    case 'unsubscribe': {
      const parts: string[] = [];
      for (let i = 0; i < packet.topics.length; i++) parts.push(head + ' (Mid: ' + packet.packetId + ', Topic: ' + packet.topics[i] + ')');
      return parts.join('\n');
    }
    case 'puback':
    case 'pubrec':
      return head + (sending ? ' (m' + packet.packetId + ', rc0)' : ' (Mid: ' + packet.packetId + (packet.type === 'puback' ? ', RC:' + (packet.reasonCode || 0) + ')' : ')'));
    case 'pubrel':
      return head + (sending ? ' (m' + packet.packetId + ')' : ' (Mid: ' + packet.packetId + ')');
    case 'pubcomp':
      return head + (sending ? ' (m' + packet.packetId + ')' : ' (Mid: ' + packet.packetId + ', RC:' + (packet.reasonCode || 0) + ')'); // MQTT 5: the reason code
    default:
      return head;
  }
}
