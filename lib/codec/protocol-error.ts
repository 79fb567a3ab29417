import { MqttProtocolError } from '../errors';

/**
 * The stable codes of the {@link MqttProtocolError}s the codec raises. Each is listed in
 * the README's error-code table with the spec clauses it enforces.
 */
export type ProtocolErrorCode =
  | 'UNKNOWN_PACKET_TYPE'
  | 'INVALID_HEADER_FLAGS'
  | 'INVALID_QOS'
  | 'INVALID_DUP_FLAG'
  | 'MALFORMED_REMAINING_LENGTH'
  | 'PACKET_TOO_LARGE'
  | 'INVALID_LENGTH'
  | 'TRUNCATED_PACKET'
  | 'TRAILING_BYTES'
  | 'MALFORMED_UTF8'
  | 'NULL_CHARACTER'
  | 'INVALID_TOPIC_NAME'
  | 'INVALID_TOPIC_FILTER'
  | 'EMPTY_SUBSCRIPTION_LIST'
  | 'INVALID_SUBACK_CODE'
  | 'INVALID_PACKET_ID'
  | 'INVALID_PROTOCOL_NAME'
  | 'UNSUPPORTED_PROTOCOL_LEVEL'
  | 'INVALID_CONNECT_FLAGS'
  | 'INVALID_CONNACK_FLAGS'
  | 'MALFORMED_VARIABLE_INTEGER'
  | 'UNKNOWN_PROPERTY'
  | 'PROPERTY_NOT_ALLOWED'
  | 'DUPLICATE_PROPERTY'
  | 'INVALID_PROPERTY_VALUE'
  | 'INVALID_REASON_CODE'
  | 'INVALID_SUBSCRIPTION_OPTIONS';

/**
 * Builds the {@link MqttProtocolError} for a codec violation.
 *
 * @param code one of the {@link ProtocolErrorCode}s
 * @param message what was wrong, ending with the spec clause, e.g. `'... [MQTT-2.2.2-1]'`
 * @example
 * ```ts
 * throw protocolError('INVALID_PACKET_ID', 'PUBACK: packet identifier 0 [MQTT-2.3.1-1]');
 * ```
 */
export function protocolError(code: ProtocolErrorCode, message: string): MqttProtocolError {
  return new MqttProtocolError(code, message);
}
