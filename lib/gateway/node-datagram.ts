import { topicFilterProblem, topicNameProblem } from '../codec/topic';
import { utf8Length } from '../codec/utf8';

/**
 * A node's publication: the JSON 4-list `[topic, message, retain, qos]` of seed 004.
 * `qos` on the wire is 0 or 1, plus 4 when the node asks for `["ACK","ACK"]`.
 */
export interface NodePublish {
  type: 'publish';
  topic: string;
  message: string;
  retain: boolean;
  /** The QoS to publish at (bit 2 removed). */
  qos: 0 | 1;
  /** Bit 2 of the wire qos was set: answer `["ACK","ACK"]` once the broker has it. */
  ack: boolean;
}

/** A node's subscription: the JSON 2-list `[topic, qos]` the seed's `subscribe(topic, qos)` sends. */
export interface NodeSubscribe {
  type: 'subscribe';
  /** A topic filter; `+` and `#` allowed. */
  topic: string;
  qos: 0 | 1;
}

/** What a well-formed node datagram asks for. */
export type NodeRequest = NodePublish | NodeSubscribe;

/** Why a datagram was rejected. */
export type DatagramErrorCode =
  | 'OVERSIZED'
  | 'NOT_UTF8'
  | 'NOT_JSON'
  | 'NOT_A_LIST'
  | 'WRONG_ARITY'
  | 'WRONG_TYPE'
  | 'BAD_QOS'
  | 'BAD_TOPIC';

/** A rejected datagram: a value, never a throw. */
export interface DatagramError {
  type: 'malformed';
  code: DatagramErrorCode;
  /** What was wrong, for the errors topic. */
  message: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses one datagram from a node, strictly. Returns the request, or a
 * {@link DatagramError} saying why it was rejected (checked in this order):
 * - `OVERSIZED`: more than `maxSize` bytes (checked before anything is decoded);
 * - `NOT_UTF8`, `NOT_JSON`: not UTF-8 text (or a message with a lone surrogate escaped), not JSON;
 * - `NOT_A_LIST`: JSON but not an array;
 * - `WRONG_ARITY`: neither a 4-list (publish) nor a 2-list (subscribe);
 * - `WRONG_TYPE`: publish `[string, string, boolean, number]`, subscribe `[string, number]`;
 * - `BAD_QOS`: publish qos not 0, 1, 4 or 5; subscribe qos not 0 or 1;
 * - `BAD_TOPIC`: not a valid topic name (publish) or filter (subscribe) [MQTT-4.7].
 *
 * Never throws on any input.
 *
 * @example
 * ```ts
 * parseNodeDatagram(utf8('["light","417",false,5]'), 1024);
 * // { type: 'publish', topic: 'light', message: '417', retain: false, qos: 1, ack: true }
 * parseNodeDatagram(utf8('["light"]'), 1024).code; // 'WRONG_ARITY'
 * ```
 */
export function parseNodeDatagram(data: Uint8Array, maxSize: number): NodeRequest | DatagramError {
  if (data.length > maxSize) {
    return malformed('OVERSIZED', 'datagram of ' + data.length + ' bytes exceeds the limit of ' + maxSize);
  }
  let text: string;
  try {
    text = strictUtf8.decode(data);
  } catch (e) {
    return malformed('NOT_UTF8', 'datagram is not UTF-8 text');
  }
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (e) {
    return malformed('NOT_JSON', 'datagram is not JSON: ' + preview(text));
  }
  if (!Array.isArray(list)) return malformed('NOT_A_LIST', 'datagram is JSON but not a list: ' + preview(text));
  if (list.length === 4) return parsePublish(list);
  if (list.length === 2) return parseSubscribe(list);
  return malformed(
    'WRONG_ARITY',
    'expected a 4-list [topic, message, retain, qos] or a 2-list [topic, qos], got ' + list.length + ' elements',
  );
}

function parsePublish(list: unknown[]): NodePublish | DatagramError {
  const topic = list[0];
  const message = list[1];
  const retain = list[2];
  const qos = list[3];
  if (typeof topic !== 'string' || typeof message !== 'string' || typeof retain !== 'boolean' || typeof qos !== 'number') {
    return malformed(
      'WRONG_TYPE',
      'a publication is [string, string, boolean, number], got [' + typeNames(list) + ']',
    );
  }
  if (qos !== 0 && qos !== 1 && qos !== 4 && qos !== 5) {
    return malformed('BAD_QOS', 'publication qos must be 0 or 1, plus 4 to ask for an ACK; got ' + qos);
  }
  const problem = topicNameProblem(topic);
  if (problem !== null) return malformed('BAD_TOPIC', 'topic ' + preview(JSON.stringify(topic)) + ' ' + problem);
  try {
    utf8Length(message);
  } catch (e) {
    return malformed('NOT_UTF8', 'message holds a lone surrogate, which UTF-8 cannot carry');
  }
  return { type: 'publish', topic, message, retain, qos: qos & 1 ? 1 : 0, ack: (qos & 4) !== 0 };
}

function parseSubscribe(list: unknown[]): NodeSubscribe | DatagramError {
  const topic = list[0];
  const qos = list[1];
  if (typeof topic !== 'string' || typeof qos !== 'number') {
    return malformed('WRONG_TYPE', 'a subscription is [string, number], got [' + typeNames(list) + ']');
  }
  if (qos !== 0 && qos !== 1) return malformed('BAD_QOS', 'subscription qos must be 0 or 1; got ' + qos);
  const problem = topicFilterProblem(topic);
  if (problem !== null) return malformed('BAD_TOPIC', 'filter ' + preview(JSON.stringify(topic)) + ' ' + problem);
  return { type: 'subscribe', topic, qos };
}

function malformed(code: DatagramErrorCode, message: string): DatagramError {
  return { type: 'malformed', code, message };
}

function typeNames(list: unknown[]): string {
  const names: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const value = list[i];
    names.push(value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value);
  }
  return names.join(', ');
}

/** The first 60 characters, so a report cannot grow with the datagram. */
function preview(text: string): string {
  return text.length > 60 ? text.slice(0, 60) + '…' : text;
}
