/**
 * The MQTT wire codec (3.1, 3.1.1 and 5): packets to bytes and back, UTF-8 and topic
 * helpers. Pure `Uint8Array` code that runs in Node, browsers and on Espruino.
 */
export * from './packet';
export { encodePacket } from './encode';
export type { EncodeOptions } from './encode';
export { PROPERTY_LIST } from './property-defs';
export type { PropertyDef, PropertyKind } from './property-defs';
export { REASON_CODES_BY_TYPE } from './reason-codes';
export { encodePublish, encodePuback, encodeAck } from './encode-publish';
export { PacketDecoder } from './decoder';
export type { PacketDecoderOptions } from './decoder';
export { assertTopicName, assertTopicFilter, topicMatchesFilter, topicNameProblem, topicFilterProblem } from './topic';
export { encodeUtf8, decodeUtf8, utf8Length } from './utf8';
export { MAX_REMAINING_LENGTH } from './remaining-length';
export type { ProtocolErrorCode } from './protocol-error';
