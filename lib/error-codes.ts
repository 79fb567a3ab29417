/**
 * Every stable `code` an {@link MqttError} carries, as one list: the README's error table
 * names each (a spec keeps the two equal), and {@link MqttErrorCode} is their union.
 */
export const ERROR_CODES = [
  // the connection and the client's life
  'CONNECTION_REFUSED',
  'CLIENT_CLOSED',
  'CONNECT_FAILED',
  'CONNECTION_LOST',
  'WIFI_LOST',
  'ALREADY_CONNECTED',
  'NOT_CONNECTED',
  // an answer that did not come within responseTimeout
  'CONNACK_TIMEOUT',
  'PINGRESP_TIMEOUT',
  'PUBACK_TIMEOUT',
  'PUBREC_TIMEOUT',
  'PUBCOMP_TIMEOUT',
  'SUBACK_TIMEOUT',
  'UNSUBACK_TIMEOUT',
  // MQTT 5: the server's DISCONNECT, its limits, its refusals
  'SERVER_DISCONNECT',
  'QOS_NOT_SUPPORTED',
  'RETAIN_NOT_SUPPORTED',
  'PUBLISH_REFUSED',
  'MESSAGE_EXPIRED',
  // MQTT 5: request/response, enhanced authentication
  'RESPONSE_TIMEOUT',
  'UNEXPECTED_AUTH',
  'AUTH_METHOD_MISMATCH',
  'AUTH_HOOK_FAILED',
  // subscriptions, bounded queues, session stores
  'SUBSCRIPTION_REFUSED',
  'QUEUE_OVERFLOW',
  'STORE_FAILED',
  'STORE_LOCKED',
  // operators that read payloads
  'INVALID_JSON',
  'INVALID_TEXT',
  'INVALID_CONFIG',
  // bytes on the wire that break the protocol (MqttProtocolError)
  'DUPLICATE_PROPERTY',
  'EMPTY_SUBSCRIPTION_LIST',
  'INVALID_CONNACK_FLAGS',
  'INVALID_CONNECT_FLAGS',
  'INVALID_DUP_FLAG',
  'INVALID_HEADER_FLAGS',
  'INVALID_LENGTH',
  'INVALID_PACKET_ID',
  'INVALID_PROPERTY_VALUE',
  'INVALID_PROTOCOL_NAME',
  'INVALID_QOS',
  'INVALID_REASON_CODE',
  'INVALID_SUBACK_CODE',
  'INVALID_SUBSCRIPTION_OPTIONS',
  'INVALID_TOPIC_ALIAS',
  'INVALID_TOPIC_FILTER',
  'INVALID_TOPIC_NAME',
  'MALFORMED_REMAINING_LENGTH',
  'MALFORMED_UTF8',
  'MALFORMED_VARIABLE_INTEGER',
  'NULL_CHARACTER',
  'PACKET_TOO_LARGE',
  'PROPERTY_NOT_ALLOWED',
  'TRAILING_BYTES',
  'TRUNCATED_PACKET',
  'UNEXPECTED_PACKET',
  'UNKNOWN_PACKET_TYPE',
  'UNKNOWN_PROPERTY',
  'UNSUPPORTED_PROTOCOL_LEVEL',
] as const;

/** One of the error codes (`ERROR_CODES` in lib/error-codes.ts): the type of `MqttError#code`. */
export type MqttErrorCode = (typeof ERROR_CODES)[number];
