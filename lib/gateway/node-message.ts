/**
 * The datagrams the gateway sends to nodes (seed 004 §5.3.2): a JSON 3-list
 * `[topic, message, retained]` for a message, the 2-lists `["OUT","OUT"]` (broker or
 * network outage: the publication was not forwarded) and `["ACK","ACK"]` (the broker
 * has the publication at the QoS asked for).
 */

const utf8 = new TextEncoder();

/**
 * Encodes a message for a node as the UTF-8 JSON 3-list `[topic, message, retained]`.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(encodeNodeMessage('allnodes', 'red', false)); // '["allnodes","red",false]'
 * ```
 */
export function encodeNodeMessage(topic: string, message: string, retained: boolean): Uint8Array {
  return utf8.encode(JSON.stringify([topic, message, retained]));
}

/** `["OUT","OUT"]`: the node's publication was not forwarded (broker or network outage). */
export const OUT_DATAGRAM: Uint8Array = utf8.encode(JSON.stringify(['OUT', 'OUT']));

/** `["ACK","ACK"]`: the broker has the node's publication at the QoS it asked for (qos | 4). */
export const ACK_DATAGRAM: Uint8Array = utf8.encode(JSON.stringify(['ACK', 'ACK']));
