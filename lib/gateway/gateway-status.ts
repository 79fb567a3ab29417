/**
 * A snapshot of what the gateway is doing, as {@link Gateway.status} returns it and as
 * the gateway publishes it (plus `event` and `time`) to the status topic: when it
 * connects to the broker, in answer to a message on the `statreq` topic, and with
 * `debug` on when a node is first seen or subscribes.
 *
 * @example
 * ```json
 * {"time":"2024-05-01T12:00:00.000Z","event":"query","connected":true,"nodes":2,"subscriptions":1,
 *  "forwarded":17,"outs":0,"outages":0,"queued":3,"queueDrops":0,"malformed":1,"errors":1,
 *  "refused":{"UNAUTHENTICATED":3},"expired":0,"reportsDropped":0,"reportsSuppressed":0,"epoch":1733540000000}
 * ```
 */
export interface GatewayStatus {
  /** Connected to the broker now. */
  connected: boolean;
  /** Nodes heard from (each gets `pub_all` messages). */
  nodes: number;
  /** Distinct filters nodes subscribed to (one broker subscription each). */
  subscriptions: number;
  /** Node publications that reached the broker at their QoS. */
  forwarded: number;
  /** Node publications answered `["OUT","OUT"]` and not forwarded. */
  outs: number;
  /** Times the broker connection was lost. */
  outages: number;
  /** Messages waiting in node queues now. */
  queued: number;
  /** Messages dropped from full node queues (oldest first). */
  queueDrops: number;
  /** Malformed datagrams received (and ignored). */
  malformed: number;
  /** Problems reported on the errors topic (malformed datagrams included). */
  errors: number;
  /** Datagrams refused, by {@link GatewayErrorCode} (`UNAUTHENTICATED`, `REPLAY`, `NOT_ALLOWED`, `RATE_LIMITED`, `LOOP`, `NODE_LIMIT`). */
  refused: { [code: string]: number };
  /** Nodes forgotten after `node_idle_s` without a datagram. */
  expired: number;
  /** Gateway reports (status, errors) not published: too many in flight, or failed. */
  reportsDropped: number;
  /** Gateway reports held back by `report_rate` (the next report carries how many as `suppressed`). */
  reportsSuppressed: number;
  /** This run's epoch (authenticated frames of other epochs are stale). */
  epoch: number;
}

/** Why a status report was published: `connected`, `query` (a `statreq` message), `node` or `subscribe` (debug). */
export type StatusEvent = 'connected' | 'query' | 'node' | 'subscribe';
