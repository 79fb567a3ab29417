import type { QueuedPublication, StoredPublication } from '../lib/client/store/session-store';
import type { StoreState } from '../lib/client/store/store-state';

/*
 * The record format of `fileStore`'s append-only log. Each record is
 * `[body length: u32 BE][CRC-32 of body: u32 BE][body]`, the body an opcode and its
 * fields; a record is valid only whole with a matching CRC, so a write torn by a
 * crash is recognised and dropped on recovery. Ops 7–9 (the queued publications of
 * `storeOfflineQueue`) came later: logs without them read as before; a log with them is
 * refused by an older reader ("unknown record type").
 */

/** Outgoing publication: u16 id, u8 qos, u8 flags (1 retain, 2 released), u16 topic length, topic, payload. */
export const OP_PUT_OUT = 1;
/** Outgoing QoS 2 publication: PUBREC came (u16 id). */
export const OP_RELEASE_OUT = 2;
/** Outgoing publication completed (u16 id). */
export const OP_REMOVE_OUT = 3;
/** Incoming QoS 2 id awaiting PUBREL (u16 id). */
export const OP_PUT_IN = 4;
/** Incoming QoS 2 id released (u16 id). */
export const OP_REMOVE_IN = 5;
/** Every incoming id forgotten. */
export const OP_CLEAR_IN = 6;
/** Queued publication never sent: u32 key, u8 qos, u8 flags (1 retain), u16 topic length, topic, payload. */
export const OP_PUT_QUEUED = 7;
/** Queued publication forgotten (u32 key). */
export const OP_REMOVE_QUEUED = 8;
/** Queued publication sent: u32 key, u16 packet id; it is outgoing now. */
export const OP_SEND_QUEUED = 9;

const HEADER = 8;
const CRC_TABLE: number[] = [];
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE.push(c >>> 0);
}

/** CRC-32 (IEEE) of `bytes[start, end)`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function frame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  view.setUint32(4, crc32(body));
  out.set(body, HEADER);
  return out;
}

/** A record of an op that names one packet id. */
export function idRecord(op: number, packetId: number): Uint8Array {
  return frame(Uint8Array.of(op, packetId >> 8, packetId & 0xff));
}

/** The record of {@link OP_CLEAR_IN}. */
export function clearRecord(): Uint8Array {
  return frame(Uint8Array.of(OP_CLEAR_IN));
}

function u32(body: Uint8Array, at: number, value: number): void {
  body[at] = value >>> 24;
  body[at + 1] = (value >>> 16) & 0xff;
  body[at + 2] = (value >>> 8) & 0xff;
  body[at + 3] = value & 0xff;
}

function readU32(body: Uint8Array, at: number): number {
  return ((body[at] << 24) | (body[at + 1] << 16) | (body[at + 2] << 8) | body[at + 3]) >>> 0;
}

/** The record of {@link OP_REMOVE_QUEUED}. */
export function removeQueuedRecord(key: number): Uint8Array {
  const body = new Uint8Array(5);
  body[0] = OP_REMOVE_QUEUED;
  u32(body, 1, key);
  return frame(body);
}

/** The record of {@link OP_SEND_QUEUED}. */
export function sendQueuedRecord(key: number, packetId: number): Uint8Array {
  const body = new Uint8Array(7);
  body[0] = OP_SEND_QUEUED;
  u32(body, 1, key);
  body[5] = packetId >> 8;
  body[6] = packetId & 0xff;
  return frame(body);
}

/** The record of a queued publication: key, qos, flags (1 retain), topic, payload. */
export function queuedRecord(q: QueuedPublication): Uint8Array {
  const topic = Buffer.from(q.topic, 'utf8');
  const body = new Uint8Array(9 + topic.length + q.payload.length);
  body[0] = OP_PUT_QUEUED;
  u32(body, 1, q.key);
  body[5] = q.qos;
  body[6] = q.retain ? 1 : 0;
  body[7] = topic.length >> 8;
  body[8] = topic.length & 0xff;
  body.set(topic, 9);
  body.set(q.payload, 9 + topic.length);
  return frame(body);
}

/** The record of an outgoing publication: id, qos, flags (1 retain, 2 released), topic, payload. */
export function putRecord(p: StoredPublication): Uint8Array {
  const topic = Buffer.from(p.topic, 'utf8');
  const body = new Uint8Array(7 + topic.length + p.payload.length);
  body[0] = OP_PUT_OUT;
  body[1] = p.packetId >> 8;
  body[2] = p.packetId & 0xff;
  body[3] = p.qos;
  body[4] = (p.retain ? 1 : 0) | (p.released ? 2 : 0);
  body[5] = topic.length >> 8;
  body[6] = topic.length & 0xff;
  body.set(topic, 7);
  body.set(p.payload, 7 + topic.length);
  return frame(body);
}

/** How reading a log ended. */
export interface LogReplay {
  /** Bytes of whole, valid records from the start. */
  validBytes: number;
  /** Whether bytes after them were dropped: a record torn by a crash. */
  torn: boolean;
}

/**
 * Applies the records of `log` to `state`, in order. A last record that is cut short
 * or fails its CRC is a torn write: replay stops before it (see {@link LogReplay}).
 * @throws Error "corrupt record at byte N" for a bad record followed by more data
 */
export function replayLog(log: Uint8Array, state: StoreState): LogReplay {
  const view = new DataView(log.buffer, log.byteOffset, log.byteLength);
  let pos = 0;
  while (pos < log.length) {
    if (pos + HEADER > log.length) return { validBytes: pos, torn: true };
    const length = view.getUint32(pos);
    const end = pos + HEADER + length;
    if (end > log.length) return { validBytes: pos, torn: true };
    if (length === 0 || crc32(log, pos + HEADER, end) !== view.getUint32(pos + 4)) {
      if (end === log.length) return { validBytes: pos, torn: true };
      throw new Error('corrupt record at byte ' + pos);
    }
    apply(log.subarray(pos + HEADER, end), state);
    pos = end;
  }
  return { validBytes: pos, torn: false };
}

function apply(body: Uint8Array, state: StoreState): void {
  const id = (body[1] << 8) | body[2];
  switch (body[0]) {
    case OP_PUT_OUT: {
      const topicLength = (body[5] << 8) | body[6];
      state.putOutgoing({
        packetId: id,
        qos: body[3] === 2 ? 2 : 1,
        retain: (body[4] & 1) !== 0,
        released: (body[4] & 2) !== 0,
        topic: Buffer.from(body.buffer, body.byteOffset + 7, topicLength).toString('utf8'),
        payload: body.slice(7 + topicLength),
      });
      break;
    }
    case OP_RELEASE_OUT:
      state.releaseOutgoing(id);
      break;
    case OP_REMOVE_OUT:
      state.removeOutgoing(id);
      break;
    case OP_PUT_IN:
      state.setIncoming(id, true);
      break;
    case OP_REMOVE_IN:
      state.setIncoming(id, false);
      break;
    case OP_CLEAR_IN:
      state.clearIncoming();
      break;
    case OP_PUT_QUEUED: {
      const topicLength = (body[7] << 8) | body[8];
      state.putQueued({
        key: readU32(body, 1),
        qos: body[5] === 2 ? 2 : 1,
        retain: (body[6] & 1) !== 0,
        topic: Buffer.from(body.buffer, body.byteOffset + 9, topicLength).toString('utf8'),
        payload: body.slice(9 + topicLength),
      });
      break;
    }
    case OP_REMOVE_QUEUED:
      state.removeQueued(readU32(body, 1));
      break;
    case OP_SEND_QUEUED:
      state.sendQueued(readU32(body, 1), (body[5] << 8) | body[6]);
      break;
    default:
      throw new Error('unknown record type ' + body[0]);
  }
}
