/**
 * The browser bundle's stand-in for server-packets.ts: a page is a client, so its codec
 * neither decodes CONNECT, SUBSCRIBE, UNSUBSCRIBE nor encodes CONNACK, SUBACK, UNSUBACK.
 * Each stand-in throws `MqttProtocolError` `UNEXPECTED_PACKET` (a broker that sends one of
 * these to a client breaks the protocol anyway); the Node build has the real ones.
 */
import { MqttProtocolError } from '../errors';

/** The error for `type` (`'CONNECT'`, ...), which only a server would `verb`. */
function serverPacket(type: string, verb: 'decode' | 'encode'): MqttProtocolError {
  return new MqttProtocolError('UNEXPECTED_PACKET', type + " is a server's packet: the browser bundle does not " + verb + ' it');
}

/** Refuses: only a server receives CONNECT. */
export function decodeConnect(): never {
  throw serverPacket('CONNECT', 'decode');
}

/** Refuses: only a server receives SUBSCRIBE. */
export function decodeSubscribe(): never {
  throw serverPacket('SUBSCRIBE', 'decode');
}

/** Refuses: only a server receives UNSUBSCRIBE. */
export function decodeUnsubscribe(): never {
  throw serverPacket('UNSUBSCRIBE', 'decode');
}

/** Refuses: only a server receives SUBSCRIBE (MQTT 5). */
export const decodeSubscribe5 = decodeSubscribe;

/** Refuses: only a server receives UNSUBSCRIBE (MQTT 5). */
export const decodeUnsubscribe5 = decodeUnsubscribe;

/** Refuses: only a server sends CONNACK. */
export function encodeConnack(): never {
  throw serverPacket('CONNACK', 'encode');
}

/** Refuses: only a server sends SUBACK (a 3.1.1 UNSUBACK, a PUBACK's shape, still encodes). */
export function encodeSuback(): never {
  throw serverPacket('SUBACK', 'encode');
}

/** Refuses: only a server sends CONNACK (MQTT 5). */
export const encodeConnack5 = encodeConnack;

/** Refuses: only a server sends SUBACK or UNSUBACK (MQTT 5). */
export function encodeSubscribeAck5(packet: { type: string }): never {
  throw serverPacket(packet.type.toUpperCase(), 'encode');
}
