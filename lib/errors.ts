/**
 * The error classes of rxmqtt. Every error the library emits or throws after
 * argument checks is an {@link MqttError} with a stable string `code`; the README
 * lists every code in one table.
 *
 * The classes do not use `extends Error`: Espruino's `super()` fails when a class
 * extends `Error`. {@link MqttError} links its prototype to `Error.prototype`
 * instead, so `err instanceof Error` still holds everywhere.
 */

import type { MqttErrorCode } from './error-codes';

/**
 * Base class of every rxmqtt error.
 *
 * @example
 * ```ts
 * client.connect().subscribe({ error: (e) => e instanceof MqttError && console.log(e.code) });
 * ```
 */
export class MqttError {
  /** Class name, as `Error#name`. */
  name: string;
  /** Human-readable description. */
  message: string;
  /** Stable machine-readable code, e.g. `'CONNECTION_REFUSED'`: one of the README's error table. */
  readonly code: MqttErrorCode;
  /** Stack trace where the platform provides one. */
  stack?: string;
  /** The underlying error, when this one wraps another. */
  readonly cause?: unknown;

  constructor(code: MqttErrorCode, message: string, cause?: unknown) {
    this.name = 'MqttError';
    this.code = code;
    this.message = message;
    if (cause !== undefined) this.cause = cause;
    const trace = new Error(message).stack;
    if (trace !== undefined) this.stack = trace;
  }

  /** `Name [CODE]: message`, like `Error#toString`. */
  toString(): string {
    return this.name + ' [' + this.code + ']: ' + this.message;
  }
}
Object.setPrototypeOf(MqttError.prototype, Error.prototype);

/** Bytes on the wire that break MQTT 3.1.1: the connection cannot go on. */
export class MqttProtocolError extends MqttError {
  constructor(code: MqttErrorCode, message: string) {
    super(code, message);
    this.name = 'MqttProtocolError';
  }
}

/** Meanings of the CONNACK return codes 1–5 [MQTT-3.2.2.3]. */
export const CONNACK_MEANINGS: { readonly [code: number]: string } = {
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorised',
};

/**
 * The broker refused the connection: CONNACK return code 1–5 (MQTT 3.1.1), or reason
 * code 0x80 and above (MQTT 5, where `reasonCode` and `reasonString` are set). Code
 * `CONNECTION_REFUSED`.
 */
export class ConnectionRefusedError extends MqttError {
  /** The CONNACK return code, 1–5 (or another non-zero value a broker sent); on MQTT 5 the reason code. */
  readonly returnCode: number;
  /** The meaning of {@link returnCode} per the spec. */
  readonly reason: string;
  /** MQTT 5 only: the CONNACK reason code (0x80 and above) [MQTT-3.2.2.2]. */
  reasonCode?: number;
  /** MQTT 5 only: the CONNACK's Reason String, when the server sent one. */
  reasonString?: string;

  /**
   * @param reason the meaning of `returnCode` when it is not a 3.1.1 return code
   * @example
   * ```ts
   * new ConnectionRefusedError(5); // connection refused: not authorised (return code 5)
   * ```
   */
  constructor(returnCode: number, reason?: string) {
    const meaning = reason || CONNACK_MEANINGS[returnCode] || 'unknown return code ' + returnCode;
    super('CONNECTION_REFUSED', 'connection refused: ' + meaning + ' (return code ' + returnCode + ')');
    this.name = 'ConnectionRefusedError';
    this.returnCode = returnCode;
    this.reason = meaning;
  }
}

/**
 * An expected answer did not come in time. `code` names what was awaited:
 * `CONNACK_TIMEOUT`, `PINGRESP_TIMEOUT`, `PUBACK_TIMEOUT`, `SUBACK_TIMEOUT`, `UNSUBACK_TIMEOUT`.
 */
export class MqttTimeoutError extends MqttError {
  /** The time that ran out, in milliseconds. */
  readonly timeoutMs: number;

  constructor(code: MqttErrorCode, message: string, timeoutMs: number) {
    super(code, message);
    this.name = 'MqttTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The client was disconnected (or ended by a fatal error) and can no longer be used. Code `CLIENT_CLOSED`. */
export class ClientClosedError extends MqttError {
  constructor(message = 'the client is closed') {
    super('CLIENT_CLOSED', message);
    this.name = 'ClientClosedError';
  }
}

/**
 * The transport failed: the connection could not be opened (`CONNECT_FAILED`) or was
 * lost (`CONNECTION_LOST`).
 */
export class TransportError extends MqttError {
  constructor(code: MqttErrorCode, message: string, cause?: unknown) {
    super(code, message, cause);
    this.name = 'TransportError';
  }
}

/** The broker answered a SUBSCRIBE with 0x80 for this filter. Code `SUBSCRIPTION_REFUSED`. */
export class SubscriptionRefusedError extends MqttError {
  /** The refused topic filter. */
  readonly filter: string;

  constructor(filter: string) {
    super('SUBSCRIPTION_REFUSED', 'the broker refused the subscription to "' + filter + '"');
    this.name = 'SubscriptionRefusedError';
    this.filter = filter;
  }
}

/** A bounded queue overflowed and this message was dropped. Code `QUEUE_OVERFLOW`. */
export class QueueOverflowError extends MqttError {
  /** Which queue: `'offline'`, `'inbound'`, ... */
  readonly queue: string;

  constructor(queue: string, message: string) {
    super('QUEUE_OVERFLOW', message);
    this.name = 'QueueOverflowError';
    this.queue = queue;
  }
}

/**
 * The server ended the connection with a DISCONNECT (MQTT 5) [MQTT-3.14]. Code
 * `SERVER_DISCONNECT`; the reconnect policy treats it as any other outage.
 */
export class ServerDisconnectError extends MqttError {
  /** The DISCONNECT reason code, e.g. 0x8b (server shutting down), 0x9c (use another server). */
  readonly reasonCode: number;
  /** The DISCONNECT's Reason String, when the server sent one. */
  readonly reasonString?: string;
  /** The server to use instead (0x9c, 0x9d), when the server named one; not followed by the client. */
  readonly serverReference?: string;

  /**
   * @example
   * ```ts
   * new ServerDisconnectError(0x8b, 'Server shutting down', 'maintenance');
   * ```
   */
  constructor(reasonCode: number, meaning: string, reasonString?: string, serverReference?: string) {
    super(
      'SERVER_DISCONNECT',
      'the server disconnected: ' + meaning + ' (reason code 0x' + reasonCode.toString(16) + ')' +
        (reasonString ? ': ' + reasonString : '') + (serverReference ? ' (server reference ' + serverReference + ')' : ''),
    );
    this.name = 'ServerDisconnectError';
    this.reasonCode = reasonCode;
    if (reasonString !== undefined) this.reasonString = reasonString;
    if (serverReference !== undefined) this.serverReference = serverReference;
  }
}
