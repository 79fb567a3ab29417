/**
 * The public part of the MQTT wire codec (3.1, 3.1.1 and 5): packets to bytes
 * ({@link encodePacket}) and bytes to packets ({@link PacketDecoder}), the {@link Packet}
 * union, and the topic rules users need to check input or route messages themselves.
 * Pure `Uint8Array` code that runs in Node, browsers and on Espruino.
 */
export * from './packet';
export { encodePacket } from './encode';
export type { EncodeOptions } from './encode';
export { PacketDecoder } from './decoder';
export type { PacketDecoderOptions } from './decoder';
export { assertTopicName, assertTopicFilter, topicMatchesFilter } from './topic';
export type { ProtocolErrorCode } from './protocol-error';
