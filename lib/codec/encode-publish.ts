/**
 * Encoding of PUBLISH [MQTT-3.3] and of the two-byte acknowledgements, the client's hot
 * path: sizes computed up front, one allocation per packet, no Packet object needed.
 */
import { assertPacketId, assertQos } from './encode-args';
import type { QoS } from './packet';
import { allocBytes } from './alloc-bytes';
import { MAX_REMAINING_LENGTH, remainingLengthSize, writeRemainingLength } from './remaining-length';
import { checkTopic, topicNameProblem } from './topic';
import { utf8Length, writeUtf8 } from './utf8';

/** Payloads shorter than this are copied by a loop, which beats `set` on small arrays. */
const COPY_LOOP_MAX = 32;

/** Checks a topic that the fast ASCII scan of {@link measurePublish} could not pass. */
function checkTopicName(topic: unknown): void {
  checkTopic('PUBLISH: topic name', topic, topicNameProblem);
}

/** What {@link measurePublish} worked out, for the {@link writePublish} that follows it. */
const measured = { first: 0, length: 0, headerBytes: 0, topicBytes: 0, ascii: true, payloadBytes: 0, qos: 0 };

/**
 * Checks the arguments of a PUBLISH and returns its size in bytes; the first half of
 * {@link encodePublish}, for callers that write the packet into a buffer of their own
 * (the client's write batch) with {@link writePublish} right after.
 *
 * @returns the packet's size: fixed header, variable header and payload
 * @throws as {@link encodePublish}
 * @example
 * ```ts
 * const size = measurePublish('t', payload, 1, false, false, 7);
 * const end = writePublish(batch, used, 't', payload, 7); // end === used + size
 * ```
 */
export function measurePublish(
  topic: string,
  payload: Uint8Array | string,
  qos?: QoS,
  retain?: boolean,
  dup?: boolean,
  packetId?: number,
): number {
  if (qos === undefined) qos = 0;
  else assertQos(qos, 'PUBLISH');
  if (typeof topic !== 'string' || topic.length === 0) checkTopicName(topic);
  const tn = topic.length;
  let ascii = true;
  for (let i = 0; i < tn; i++) {
    const c = topic.charCodeAt(i);
    if (c >= 0x80) ascii = false;
    else if (c === 0x23 || c === 0x2b || c === 0) checkTopicName(topic);
  }
  let topicBytes = tn;
  // An ASCII topic is as many bytes as characters: over 65,535 the full check refuses it.
  if (!ascii || tn > 65535) {
    checkTopicName(topic);
    topicBytes = utf8Length(topic);
  }
  let payloadBytes: number;
  if (typeof payload === 'string') payloadBytes = utf8Length(payload);
  else if (payload instanceof Uint8Array) payloadBytes = payload.length;
  else throw new TypeError('PUBLISH: payload must be a Uint8Array or a string');
  let first = 0x30 | (qos << 1);
  if (retain) first |= 1;
  let length = 2 + topicBytes + payloadBytes;
  if (qos > 0) {
    assertPacketId(packetId, 'PUBLISH');
    length += 2;
    if (dup) first |= 8;
  } else if (dup) {
    throw new RangeError('PUBLISH: DUP must be false for QoS 0 [MQTT-3.3.1-2]');
  }
  if (length > MAX_REMAINING_LENGTH) {
    throw new RangeError('PUBLISH: remaining length ' + length + ' exceeds ' + MAX_REMAINING_LENGTH);
  }
  const m = measured;
  m.first = first;
  m.length = length;
  m.headerBytes = 1 + remainingLengthSize(length);
  m.topicBytes = topicBytes;
  m.ascii = ascii;
  m.payloadBytes = payloadBytes;
  m.qos = qos;
  return m.headerBytes + length;
}

/**
 * Writes the PUBLISH that {@link measurePublish} just measured (same topic, payload
 * and packet id; nothing else may be measured in between) into `out` at `pos`, which
 * must have room for the size it returned. Returns the position after the packet.
 *
 * @example
 * ```ts
 * const out = new Uint8Array(measurePublish('t', 'x'));
 * writePublish(out, 0, 't', 'x'); // out.length
 * ```
 */
export function writePublish(out: Uint8Array, pos: number, topic: string, payload: Uint8Array | string, packetId?: number): number {
  pos = writePublishHeader(out, pos, topic, packetId);
  const payloadBytes = measured.payloadBytes;
  if (typeof payload === 'string') {
    writeUtf8(payload, out, pos);
  } else if (payloadBytes < COPY_LOOP_MAX) {
    for (let i = 0; i < payloadBytes; i++) out[pos + i] = payload[i];
  } else {
    out.set(payload, pos);
  }
  return pos + payloadBytes;
}

/**
 * Writes all of the PUBLISH that {@link measurePublish} just measured but its payload
 * (fixed header, topic, packet id) into `out` at `pos`; returns where the payload
 * would start. For writers that send a large payload as its own view, uncopied.
 *
 * @example
 * ```ts
 * const size = measurePublish('t', payload);
 * const header = new Uint8Array(size - payload.length);
 * writePublishHeader(header, 0, 't'); // header.length; then write header, then payload
 * ```
 */
export function writePublishHeader(out: Uint8Array, pos: number, topic: string, packetId?: number): number {
  const m = measured;
  out[pos] = m.first;
  if (m.headerBytes === 2) {
    out[pos + 1] = m.length;
    pos += 2;
  } else pos = writeRemainingLength(out, pos + 1, m.length);
  const topicBytes = m.topicBytes;
  out[pos++] = topicBytes >> 8;
  out[pos++] = topicBytes & 0xff;
  if (m.ascii) {
    for (let i = 0; i < topicBytes; i++) out[pos + i] = topic.charCodeAt(i);
    pos += topicBytes;
  } else {
    pos = writeUtf8(topic, out, pos);
  }
  if (m.qos > 0) {
    out[pos++] = (packetId as number) >> 8;
    out[pos++] = (packetId as number) & 0xff;
  }
  return pos;
}

/**
 * Encodes a PUBLISH without building a packet object.
 *
 * @param topic topic name: non-empty, no wildcards, no U+0000, at most 65,535 bytes [MQTT-3.3.2-2] [MQTT-4.7.3-1]
 * @param payload bytes, or a string sent as UTF-8
 * @param qos 0 (default), 1 or 2
 * @param retain the RETAIN flag [MQTT-3.3.1-5]
 * @param dup the DUP flag; only with QoS 1 or 2 [MQTT-3.3.1-2]
 * @param packetId 1–65,535, required when `qos` > 0 and ignored for QoS 0 [MQTT-2.3.1-1]
 * @returns the packet's bytes in a new `Uint8Array` (mid-sized packets are views into a
 *   shared slab, see {@link encodePacket})
 * @throws TypeError for arguments of the wrong type; RangeError for a bad topic, a QoS
 *   other than 0–2, a missing or out-of-range packetId, DUP on QoS 0, or a packet over
 *   268,435,455 bytes of Remaining Length
 * @example
 * ```ts
 * connection.write(encodePublish('sensors/1/temp', '21.5', 1, false, false, 42));
 * ```
 */
export function encodePublish(
  topic: string,
  payload: Uint8Array | string,
  qos?: QoS,
  retain?: boolean,
  dup?: boolean,
  packetId?: number,
): Uint8Array {
  const out = allocBytes(measurePublish(topic, payload, qos, retain, dup, packetId));
  writePublish(out, 0, topic, payload, packetId);
  return out;
}

/** The packet types {@link encodeAck} encodes: PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK. */
export type AckType = 4 | 5 | 6 | 7 | 11;

/**
 * Encodes a two-byte acknowledgement: PUBACK (type 4), PUBREC (5), PUBREL (6, flags 0010
 * [MQTT-3.6.1-1]), PUBCOMP (7) or UNSUBACK (11).
 *
 * @throws TypeError/RangeError when `packetId` is not an integer 1–65,535
 * @example
 * ```ts
 * encodeAck(5, 42); // PUBREC for packet 42: [0x50, 2, 0, 42]
 * ```
 */
export function encodeAck(type: AckType, packetId: number): Uint8Array {
  assertPacketId(packetId, 'ACK');
  const out = new Uint8Array(4);
  writeAck(out, 0, type, packetId);
  return out;
}

/**
 * Writes the four bytes of {@link encodeAck} into `out` at `pos`, unchecked (for a
 * packet id as decoded, 1–65,535); returns the position after them.
 *
 * @example
 * ```ts
 * pos = writeAck(batch, pos, 4, 42); // PUBACK for packet 42
 * ```
 */
export function writeAck(out: Uint8Array, pos: number, type: AckType, packetId: number): number {
  out[pos] = type === 6 ? 0x62 : type << 4;
  out[pos + 1] = 2;
  out[pos + 2] = packetId >> 8;
  out[pos + 3] = packetId & 0xff;
  return pos + 4;
}

/**
 * Encodes a PUBACK [MQTT-3.4].
 *
 * @throws TypeError/RangeError when `packetId` is not an integer 1–65,535
 * @example
 * ```ts
 * connection.write(encodePuback(packet.packetId));
 * ```
 */
export function encodePuback(packetId: number): Uint8Array {
  return encodeAck(4, packetId);
}
