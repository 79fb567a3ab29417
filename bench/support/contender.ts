import type { ContenderName } from './bench-options';

/** One timed run of a publisher: from its first publish to its last write (QoS 0) or PUBACK (QoS 1). */
export interface PublishRun {
  /** {@link wallClock} time of the first publish. */
  t0: number;
  /** {@link wallClock} time of the last byte written (QoS 0) or the last PUBACK (QoS 1). */
  tEnd: number;
  /** CPU time the contender's process used from t0 to tEnd, in µs ({@link cpuMicros}). */
  cpuMicros: number;
  /** Publications reported as failed. */
  failures: number;
}

/** What a timed publisher run sends. */
export interface PublishManyOptions {
  topic: string;
  payload: Buffer;
  qos: 0 | 1;
  count: number;
  /** Most QoS 1 publications unacknowledged (MQTT.js: most publishes outstanding). */
  window: number;
  /** Raw contender: most bytes per socket write. */
  chunkBytes: number;
}

/** A connected publishing client of one contender. */
export interface ContenderPublisher {
  /** Publishes `count` copies of `payload` at the contender's best, timed. */
  publishMany(options: PublishManyOptions): Promise<PublishRun>;
  /** Publishes one message now, without waiting (the latency run's steady stream). */
  publishOne(topic: string, payload: Buffer, qos: 0 | 1): void;
  close(): Promise<void>;
}

/** A connected subscribing client of one contender. */
export interface ContenderSubscriber {
  /** Messages the client received and dropped on its own (rxmqtt's inbound queue), where it counts them. */
  discards?(): number;
  close(): Promise<void>;
}

/** Receives a message's payload as `bytes[start..end)`. */
export type PayloadHandler = (bytes: Uint8Array, start: number, end: number) => void;

/**
 * A client implementation under test: rxmqtt, MQTT.js, or the raw pre-encoded socket.
 * Every socket goes to 127.0.0.1:`port`; `open*` resolve once connected (and, for a
 * subscriber, once its SUBSCRIBE was sent or acknowledged as the client allows).
 */
export interface Contender {
  name: ContenderName;
  /** How it publishes, for the table's notes. */
  describe(window: number, chunkBytes: number): string;
  openPublisher(port: number, clientId: string): Promise<ContenderPublisher>;
  openSubscriber(port: number, clientId: string, filter: string, qos: 0 | 1, onMessage: PayloadHandler): Promise<ContenderSubscriber>;
}
