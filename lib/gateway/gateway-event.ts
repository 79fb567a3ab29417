import type { NodeAddress } from './node-link';
import type { DatagramErrorCode } from './node-datagram';

/**
 * Codes of the problems the gateway reports on its errors topic (and as `error` events):
 * - `MALFORMED_DATAGRAM`: a node sent something the datagram parser rejected; `reason` has its code;
 * - `NODE_LIMIT`: a new node was ignored because `max_nodes` nodes are active;
 * - `UNAUTHENTICATED`: a datagram without a valid frame, from an unknown node id, with a
 *   wrong MAC, or a plain seed datagram while the gateway is not `open`; `reason` says which;
 * - `REPLAY`: a genuine frame seen before (its counter is not above the last one accepted);
 * - `NOT_ALLOWED`: a node published or subscribed outside its reach, to a `$`-topic or to
 *   one of the gateway's own topics (the node got `["NO","NO"]`);
 * - `RATE_LIMITED`: a datagram over the node's or the global rate limit (`reason` says which);
 * - `LOOP`: a datagram from the gateway's own address or the broker's, never acted on;
 * - `SUBSCRIPTION_LIMIT`: a subscription was ignored because `max_subscriptions` filters are held;
 * - `PENDING_LIMIT`: a publication was answered OUT because `max_pending` are in flight;
 * - `PUBLISH_FAILED`: the client failed to deliver a node's publication (the node got OUT);
 * - `SUBSCRIBE_FAILED`: the broker refused or failed a node's subscription;
 * - `SEND_FAILED`: the link could not send a datagram to a node (the message stays queued);
 * - `UNDELIVERABLE`: a broker message could not go to nodes (not UTF-8, or too big for a datagram).
 */
export type GatewayErrorCode =
  | 'MALFORMED_DATAGRAM'
  | 'NODE_LIMIT'
  | 'UNAUTHENTICATED'
  | 'REPLAY'
  | 'NOT_ALLOWED'
  | 'RATE_LIMITED'
  | 'LOOP'
  | 'SUBSCRIPTION_LIMIT'
  | 'PENDING_LIMIT'
  | 'PUBLISH_FAILED'
  | 'SUBSCRIBE_FAILED'
  | 'SEND_FAILED'
  | 'UNDELIVERABLE';

/**
 * Nodes are named by their id when they authenticate, by their `"host:port"` address
 * when they are open (unkeyed) nodes; `address` fields carry that name.
 *
 * Something of note the gateway did, as {@link Gateway.events$} emits it (the CLI prints
 * them when `debug` is on):
 * - `connected` / `disconnected`: the broker connection came up / went down;
 * - `node`: a node became active (first datagram, or first after it expired);
 * - `expired`: a node was idle for `node_idle_s` and was forgotten (its queue and subscriptions);
 * - `forwarded`: a node's publication reached the broker at its QoS;
 * - `out`: a node's publication was answered `["OUT","OUT"]` and not forwarded;
 * - `subscribed`: a node subscribed to a filter;
 * - `sent` / `queued` / `dropped`: a message for a node was sent, queued, or dropped from
 *   a full queue (the oldest goes);
 * - `error`: a problem, also reported on the errors topic.
 */
export type GatewayEvent =
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'node'; address: NodeAddress }
  | { type: 'expired'; address: NodeAddress; queued: number }
  | { type: 'forwarded'; from: NodeAddress; topic: string; qos: 0 | 1 }
  | { type: 'out'; to: NodeAddress; topic: string }
  | { type: 'subscribed'; from: NodeAddress; topic: string; qos: 0 | 1 }
  | { type: 'sent'; to: NodeAddress; topic: string }
  | { type: 'queued'; to: NodeAddress; topic: string }
  | { type: 'dropped'; to: NodeAddress; topic: string }
  | { type: 'error'; code: GatewayErrorCode; message: string; address?: NodeAddress; reason?: DatagramErrorCode | string };
