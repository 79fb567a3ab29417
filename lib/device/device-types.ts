/**
 * The shapes the device client hands out: the same as the full client's
 * (lib/client/types.ts), without its RxJS types.
 */

/** An inbound PUBLISH. */
export interface MqttMessage {
  topic: string;
  payload: Uint8Array;
  qos: 0 | 1;
  retain: boolean;
  dup: boolean;
}

/** A message to publish; `payload` strings are sent as UTF-8. */
export interface OutgoingMessage {
  topic: string;
  payload: string | Uint8Array;
  qos?: 0 | 1;
  retain?: boolean;
}

/** The outcome of one publication. */
export interface PublishResult {
  message: OutgoingMessage;
  /** True when delivered at its QoS (written for 0, PUBACK for 1). */
  ok: boolean;
  error?: unknown;
}

/**
 * The connection state `state$` replays. `reconnecting` after a Wi-Fi drop carries the
 * `TransportError` `WIFI_LOST` as its `lastError`.
 */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; sessionPresent: boolean; attempt: number }
  | { status: 'reconnecting'; attempt: number; nextDelay: number; lastError: unknown }
  | { status: 'disconnected'; error?: unknown };
