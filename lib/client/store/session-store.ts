import { MqttError } from '../../errors';

/** An outgoing QoS 1 or 2 publication that is not completed yet, as a store keeps it. */
export interface StoredPublication {
  /** Its packet id, 1–65535: re-sent with the same id [MQTT-4.4.0-1]. */
  packetId: number;
  topic: string;
  payload: Uint8Array;
  qos: 1 | 2;
  retain: boolean;
  /** QoS 2 only: PUBREC came and PUBREL is what goes out again (true), or PUBLISH still is (false). */
  released: boolean;
}

/**
 * A QoS 1 or 2 publication waiting in the offline queue (or for a place in the window),
 * never sent yet, as a store keeps it when the client has `storeOfflineQueue: true`. It
 * has no packet id until it is sent ({@link SessionStore.sendQueued}), so a full queue
 * holds none, and it goes out without DUP [MQTT-3.3.1-1].
 */
export interface QueuedPublication {
  /** The client's number for it, from 1, rising in queue order. */
  key: number;
  topic: string;
  payload: Uint8Array;
  qos: 1 | 2;
  retain: boolean;
}

/** What a store held for a client when it was opened. */
export interface StoredSession {
  /** Outgoing publications not completed, in the order they were first sent. */
  outgoing: StoredPublication[];
  /** Incoming QoS 2 packet ids between PUBREC and PUBREL, answered but not released. */
  incoming: number[];
  /** Queued publications never sent, by ascending key (absent: none). */
  queued?: QueuedPublication[];
}

/**
 * Where the session state that must outlive a process lives: the outgoing QoS 1/2
 * publications not completed (with their packet ids and PUBREL state) and the incoming
 * QoS 2 packet ids awaiting PUBREL; with `storeOfflineQueue: true`, also the QoS 1/2
 * publications waiting to be sent. One store serves one client; `createClient({ store })`
 * opens it once, at creation.
 *
 * The interface is synchronous, so that the client can keep the protocol's order
 * without awaiting: every change is recorded at once and made durable by {@link commit},
 * which the client calls **before each write to the network**. So a PUBLISH never
 * leaves before its record is durable, a PUBREC never before the incoming id is, a
 * PUBREL never before the PUBREC state is: after a crash the next process re-sends
 * exactly what the broker may still expect. Removals need not be durable at once (a
 * completed publication found again is re-sent: a duplicate for QoS 1, a PUBREL the
 * broker answers for QoS 2).
 *
 * Errors: any method may throw a {@link StoreError}; the client then ends with it
 * (`state$` → `'disconnected'` with the error, waiting publications fail).
 *
 * Conformance: `spec/lib/client/store/session-store-conformance.ts` runs the contract
 * against any implementation.
 *
 * @example
 * ```ts
 * const store = fileStore('/var/lib/app/mqtt');
 * const client = createClient({ url, clientId: 'logger-1', clean: false, store });
 * client.recovered$.subscribe((r) => console.log('recovered', r.message.topic, r.ok));
 * ```
 */
export interface SessionStore {
  /**
   * Takes the store for `clientId` and returns what it holds (empty for a new one).
   * @throws StoreError `STORE_LOCKED` when another process holds it, `STORE_FAILED` when it cannot be read
   */
  open(clientId: string): StoredSession;
  /** Records an outgoing publication (a packet id it held before is replaced). */
  putOutgoing(publication: StoredPublication): void;
  /** Records that the PUBREC of outgoing `packetId` came: PUBREL is what goes out now. */
  releaseOutgoing(packetId: number): void;
  /** Forgets outgoing `packetId` (PUBACK, PUBCOMP, or given up). */
  removeOutgoing(packetId: number): void;
  /** Records incoming QoS 2 `packetId` as delivered and awaiting PUBREL. */
  putIncoming(packetId: number): void;
  /** Forgets incoming `packetId` (its PUBREL came). */
  removeIncoming(packetId: number): void;
  /** Forgets every incoming id (the broker started a new session). */
  clearIncoming(): void;
  /** Records a publication waiting in the offline queue (`storeOfflineQueue` only). */
  putQueued(publication: QueuedPublication): void;
  /** Forgets queued publication `key` (dropped, expired, refused, or its observer left). */
  removeQueued(key: number): void;
  /**
   * Queued publication `key` is being sent as outgoing `packetId` (not released): one
   * step, so a crash leaves it either queued or outgoing, never both or neither.
   */
  sendQueued(key: number, packetId: number): void;
  /** Makes every change so far durable. @throws StoreError `STORE_FAILED` */
  commit(): void;
  /** Commits what it can and lets the store go (a lock is released). Idempotent. */
  close(): void;
}

/**
 * A store failed: code `STORE_FAILED` (it could not read or write, e.g. a full disk)
 * or `STORE_LOCKED` (another process holds it).
 */
export class StoreError extends MqttError {
  constructor(code: 'STORE_FAILED' | 'STORE_LOCKED', message: string, cause?: unknown) {
    super(code, message, cause);
    this.name = 'StoreError';
  }
}
