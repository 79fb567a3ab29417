/**
 * The packets a device client sends, and only those (CONNECT, PUBLISH, PUBACK,
 * SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT): the full codec (lib/codec) also encodes
 * the broker's side, which a board has no room for. Each returns one Uint8Array.
 */
import { remainingLengthSize, writeRemainingLength } from '../codec/remaining-length';
import { utf8Bytes } from './text';

/** A field of a packet: raw bytes, or a length-prefixed one (`prefixed`). */
type Part = Uint8Array | number[];

function prefixed(bytes: Uint8Array): Part[] {
  return [[bytes.length >> 8, bytes.length & 255], bytes];
}

function text(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? utf8Bytes(value) : value;
}

/** The fixed header `first`, the Remaining Length, then `parts` in order [MQTT-2.2]. */
function packet(first: number, parts: Part[]): Uint8Array {
  let length = 0;
  for (let i = 0; i < parts.length; i++) length += parts[i].length;
  const out = new Uint8Array(1 + remainingLengthSize(length) + length);
  out[0] = first;
  let pos = writeRemainingLength(out, 1, length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    for (let j = 0; j < part.length; j++) out[pos++] = part[j];
  }
  return out;
}

/** What a CONNECT carries; strings checked by the caller. */
export interface ConnectFields {
  clientId: string;
  keepalive: number;
  clean: boolean;
  username?: string;
  password?: string | Uint8Array;
  will?: { topic: string; payload: string | Uint8Array; qos?: number; retain?: boolean };
}

/**
 * CONNECT, MQTT 3.1.1 (protocol name "MQTT", level 4) [MQTT-3.1].
 *
 * @example
 * ```ts
 * socket.write(connectPacket({ clientId: 'esp32', keepalive: 60, clean: true }));
 * ```
 */
export function connectPacket(c: ConnectFields): Uint8Array {
  let flags = c.clean ? 2 : 0;
  const parts: Part[] = [[0, 4, 77, 81, 84, 84, 4], [], [c.keepalive >> 8, c.keepalive & 255]];
  const payload = prefixed(utf8Bytes(c.clientId));
  if (c.will) {
    flags |= 4 | ((c.will.qos || 0) << 3) | (c.will.retain ? 32 : 0); // [MQTT-3.1.2-9..17]
    payload.push.apply(payload, prefixed(utf8Bytes(c.will.topic)).concat(prefixed(text(c.will.payload))));
  }
  if (c.username !== undefined) {
    flags |= 128;
    payload.push.apply(payload, prefixed(utf8Bytes(c.username)));
  }
  if (c.password !== undefined) {
    flags |= 64;
    payload.push.apply(payload, prefixed(text(c.password)));
  }
  parts[1] = [flags];
  return packet(0x10, parts.concat(payload));
}

/**
 * PUBLISH at QoS 0 or 1; `packetId` only with QoS 1, `dup` on a re-send [MQTT-3.3.1-1].
 *
 * @example
 * ```ts
 * publishPacket('t', 'x', 1, false, false, 7);
 * ```
 */
export function publishPacket(topic: string, payload: string | Uint8Array, qos: number, retain: boolean, dup: boolean, packetId: number): Uint8Array {
  const parts = prefixed(utf8Bytes(topic));
  if (qos > 0) parts.push([packetId >> 8, packetId & 255]);
  parts.push(text(payload));
  return packet(0x30 | (dup ? 8 : 0) | (qos << 1) | (retain ? 1 : 0), parts);
}

/**
 * SUBSCRIBE to one filter at `qos`, fixed header flags 0010 [MQTT-3.8.1-1].
 *
 * @example
 * ```ts
 * subscribePacket(3, 'sensors/#', 1);
 * ```
 */
export function subscribePacket(packetId: number, filter: string, qos: number): Uint8Array {
  const parts: Part[] = [[packetId >> 8, packetId & 255]];
  return packet(0x82, parts.concat(prefixed(utf8Bytes(filter)), [[qos]]));
}

/**
 * UNSUBSCRIBE from one filter, fixed header flags 0010 [MQTT-3.10.1-1].
 *
 * @example
 * ```ts
 * unsubscribePacket(4, 'sensors/#');
 * ```
 */
export function unsubscribePacket(packetId: number, filter: string): Uint8Array {
  const parts: Part[] = [[packetId >> 8, packetId & 255]];
  return packet(0xa2, parts.concat(prefixed(utf8Bytes(filter))));
}

/**
 * PUBACK of an inbound QoS 1 PUBLISH [MQTT-4.3.2-2].
 *
 * @example
 * ```ts
 * pubackPacket(42); // [0x40, 2, 0, 42]
 * ```
 */
export function pubackPacket(packetId: number): Uint8Array {
  return new Uint8Array([0x40, 2, packetId >> 8, packetId & 255]);
}

/** PINGREQ [MQTT-3.12]. */
export const PINGREQ = new Uint8Array([0xc0, 0]);

/** DISCONNECT [MQTT-3.14]. */
export const DISCONNECT = new Uint8Array([0xe0, 0]);
