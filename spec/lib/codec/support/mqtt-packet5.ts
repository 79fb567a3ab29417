/**
 * Converts between rxmqtt's MQTT 5 packets and mqtt-packet's (a devDependency used only to
 * cross-check the codec), and runs mqtt-packet's generate and parse with protocol version 5.
 * Property names are the same on both sides; binary values are Buffers there.
 */
import type { Packet } from '../../../../lib/codec/packet';
import { fromMqttPacket, toMqttPacket } from './mqtt-packet';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const mqttPacket = require('mqtt-packet');

type Obj = Record<string, unknown>;
const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.length);
const BINARY = ['correlationData', 'authenticationData'];

/** A copy of a property set with its binary values converted by `convert`. */
function mapProperties(props: unknown, convert: (b: Uint8Array) => Uint8Array): Obj | undefined {
  if (props === undefined) return undefined;
  const out: Obj = {};
  Object.keys(props as Obj).forEach((k) => {
    const v = (props as Obj)[k];
    out[k] = BINARY.indexOf(k) >= 0 ? convert(v as Uint8Array) : k === 'userProperties' ? Object.assign({}, v) : v;
  });
  return out;
}

const toBuffer = (b: Uint8Array): Uint8Array => buf(b);
const toU8 = (b: Uint8Array): Uint8Array => new Uint8Array(b);

/** rxmqtt MQTT 5 packet → mqtt-packet packet. */
export function toMqttPacket5(p: Packet): Obj {
  const m = toMqttPacket(p);
  m.protocolVersion = 5;
  if ('properties' in p && p.properties !== undefined) m.properties = mapProperties(p.properties, toBuffer);
  switch (p.type) {
    case 'connect':
      if (p.will && p.will.properties) (m.will as Obj).properties = mapProperties(p.will.properties, toBuffer);
      break;
    case 'connack':
      m.reasonCode = p.reasonCode;
      break;
    case 'subscribe':
      m.subscriptions = p.subscriptions.map((s) => ({ topic: s.topic, qos: s.qos, nl: s.noLocal, rap: s.retainAsPublished, rh: s.retainHandling }));
      break;
    case 'unsuback':
      m.granted = p.reasonCodes;
      break;
    case 'puback': case 'pubrec': case 'pubrel': case 'pubcomp': case 'disconnect': case 'auth':
      m.reasonCode = p.reasonCode;
      break;
  }
  return m;
}

/** mqtt-packet MQTT 5 packet → rxmqtt packet. */
export function fromMqttPacket5(m: Obj): Packet {
  const p = (m.cmd === 'auth' ? { type: 'auth' } : fromMqttPacket(m)) as Obj;
  if (m.properties !== undefined) p.properties = mapProperties(m.properties, toU8);
  switch (m.cmd) {
    case 'connect': {
      const w = m.will as Obj | undefined;
      if (w && w.properties) (p.will as Obj).properties = mapProperties(w.properties, toU8);
      break;
    }
    case 'connack':
      delete p.returnCode;
      p.reasonCode = m.reasonCode;
      break;
    case 'subscribe':
      p.subscriptions = (m.subscriptions as Obj[]).map((s) => ({ topic: s.topic, qos: s.qos, noLocal: s.nl, retainAsPublished: s.rap, retainHandling: s.rh }));
      break;
    case 'unsuback':
      p.reasonCodes = m.granted;
      break;
    case 'puback': case 'pubrec': case 'pubrel': case 'pubcomp': case 'disconnect': case 'auth':
      p.reasonCode = m.reasonCode;
      break;
  }
  return p as unknown as Packet;
}

/** mqtt-packet's MQTT 5 encoding of `p`. */
export function mqttPacketGenerate5(p: Packet): Uint8Array {
  return new Uint8Array(mqttPacket.generate(toMqttPacket5(p), { protocolVersion: 5 }));
}

/** The packets mqtt-packet parses from `bytes` as MQTT 5, or the first error it reports. */
export function mqttPacketParse5(bytes: Uint8Array): { packets: Packet[]; error?: Error } {
  const parser = mqttPacket.parser({ protocolVersion: 5 });
  const packets: Packet[] = [];
  let error: Error | undefined;
  parser.on('packet', (m: Obj) => packets.push(fromMqttPacket5(m)));
  parser.on('error', (e: Error) => (error = error || e));
  parser.parse(buf(bytes));
  return { packets, error };
}
