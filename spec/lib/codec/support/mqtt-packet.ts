/**
 * Converts between rxmqtt's packets and mqtt-packet's (a devDependency used only to
 * cross-check the codec), and runs mqtt-packet's generate and parse.
 */
import type { Packet } from '../../../../lib/codec/packet';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const mqttPacket = require('mqtt-packet');

type Obj = Record<string, unknown>;
const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.length);
const u8 = (b: unknown): Uint8Array => new Uint8Array(b as Buffer);

/** rxmqtt packet → mqtt-packet packet. */
export function toMqttPacket(p: Packet): Obj {
  switch (p.type) {
    case 'connect':
      return {
        cmd: 'connect', protocolId: p.protocolName || 'MQTT', protocolVersion: p.protocolLevel || 4, clientId: p.clientId,
        keepalive: p.keepalive, clean: p.clean,
        will: p.will && { topic: p.will.topic, payload: buf(p.will.payload), qos: p.will.qos, retain: p.will.retain },
        username: p.username, password: p.password && buf(p.password),
      };
    case 'connack':
      return { cmd: 'connack', sessionPresent: p.sessionPresent, returnCode: p.returnCode };
    case 'publish':
      return { cmd: 'publish', topic: p.topic, payload: buf(p.payload), qos: p.qos, retain: p.retain, dup: p.dup, messageId: p.packetId };
    case 'subscribe':
      return { cmd: 'subscribe', messageId: p.packetId, subscriptions: p.subscriptions.map((s) => ({ topic: s.topic, qos: s.qos })) };
    case 'suback':
      return { cmd: 'suback', messageId: p.packetId, granted: p.granted };
    case 'unsubscribe':
      return { cmd: 'unsubscribe', messageId: p.packetId, unsubscriptions: p.topics };
    case 'puback': case 'pubrec': case 'pubrel': case 'pubcomp': case 'unsuback':
      return { cmd: p.type, messageId: p.packetId };
    default:
      return { cmd: p.type };
  }
}

/** mqtt-packet packet → rxmqtt packet. */
export function fromMqttPacket(m: Obj): Packet {
  const cmd = m.cmd as string;
  switch (cmd) {
    case 'connect': {
      const p: Obj = {
        type: 'connect', protocolName: m.protocolId, protocolLevel: m.protocolVersion, clientId: m.clientId,
        keepalive: m.keepalive, clean: m.clean,
      };
      const w = m.will as Obj | undefined;
      if (w) p.will = { topic: w.topic, payload: u8(w.payload), qos: w.qos, retain: w.retain };
      if (m.username !== undefined) p.username = m.username;
      if (m.password !== undefined) p.password = u8(m.password);
      return p as unknown as Packet;
    }
    case 'connack':
      return { type: 'connack', sessionPresent: m.sessionPresent as boolean, returnCode: m.returnCode as number };
    case 'publish': {
      const p: Obj = { type: 'publish', topic: m.topic, payload: u8(m.payload), qos: m.qos, retain: m.retain, dup: m.dup };
      if ((m.qos as number) > 0) p.packetId = m.messageId;
      return p as unknown as Packet;
    }
    case 'subscribe':
      return { type: 'subscribe', packetId: m.messageId as number, subscriptions: (m.subscriptions as Obj[]).map((s) => ({ topic: s.topic as string, qos: s.qos as 0 })) };
    case 'suback':
      return { type: 'suback', packetId: m.messageId as number, granted: m.granted as number[] };
    case 'unsubscribe':
      return { type: 'unsubscribe', packetId: m.messageId as number, topics: m.unsubscriptions as string[] };
    case 'puback': case 'pubrec': case 'pubrel': case 'pubcomp': case 'unsuback':
      return { type: cmd, packetId: m.messageId as number } as Packet;
    default:
      return { type: cmd } as Packet;
  }
}

/** mqtt-packet's encoding of `p`. */
export function mqttPacketGenerate(p: Packet): Uint8Array {
  return u8(mqttPacket.generate(toMqttPacket(p)));
}

/** The packets mqtt-packet parses from `bytes`, or the first error it reports. */
export function mqttPacketParse(bytes: Uint8Array): { packets: Packet[]; error?: Error } {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const packets: Packet[] = [];
  let error: Error | undefined;
  parser.on('packet', (m: Obj) => packets.push(fromMqttPacket(m)));
  parser.on('error', (e: Error) => (error = error || e));
  parser.parse(buf(bytes));
  return { packets, error };
}
