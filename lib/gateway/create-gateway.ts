import { Observable, SchedulerLike, asyncScheduler, share } from 'rxjs';
import type { MqttClient } from '../client/types';
import { GatewayConfig, parseGatewayConfig } from './gateway-config';
import type { GatewayEvent } from './gateway-event';
import type { GatewayStatus } from './gateway-status';
import type { HmacSha256 } from './hmac-sha256';
import type { NodeAddress, NodeLink } from './node-link';
import { GatewayRun } from './gateway-run';
import { nodeHmacSha256 } from '../../adapters/node-hmac-sha256';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** The broker connection (connected by the caller; the gateway watches `state$`). */
  client: MqttClient;
  /** Where the nodes are: UDP ({@link udpNodeLink}) or any other {@link NodeLink}. */
  link: NodeLink;
  /** Seed `gwcfg` keys; missing ones take {@link DEFAULT_GATEWAY_CONFIG}. */
  config?: Partial<GatewayConfig>;
  /** Clock of report timestamps, rate limits and node expiry (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /**
   * This run's epoch: a number larger than any earlier run's, so that frames recorded
   * in an earlier run are stale. {@link startGateway} keeps it in a state file; default
   * the clock in ms (fine while the clock never goes back).
   */
  epoch?: number;
  /** Addresses whose datagrams are never acted on, besides the link's own (e.g. the broker's). */
  blocked?: NodeAddress[];
  /** HMAC-SHA256 (default node:crypto's). */
  hmac?: HmacSha256;
}

/** A gateway between low-power datagram nodes and an MQTT broker (seed 004). */
export interface Gateway {
  /** The validated configuration. */
  readonly config: GatewayConfig;
  /**
   * Runs the gateway while subscribed, emitting a {@link GatewayEvent} for everything of
   * note. The first subscriber starts a run (fresh nodes, queues and counters): it watches
   * `client.state$`, subscribes to `pub_all` and `statreq`, and handles every datagram of
   * the link. The last unsubscribe ends it (the client unsubscribes from the broker). Never
   * errors and never completes by itself: failures are `error` events, also published to
   * the errors topic.
   */
  readonly events$: Observable<GatewayEvent>;
  /** Counters of the current (or last) run; all zero before the first. */
  status(): GatewayStatus;
}

/**
 * Makes a gateway that bridges nodes on `link` to the broker behind `client`, as seed
 * 004 describes, with authenticated nodes: a datagram is acted on only when it is a
 * frame signed with its node's key (`config.nodes`), fresh and of this run's epoch, or,
 * when `config.open` is set, a plain seed datagram. Each node publishes and subscribes
 * within its reach (never `$`-topics or the gateway's own topics). Node publications (`[topic, message, retain, qos]`) are forwarded, and
 * answered `["ACK","ACK"]` when qos has bit 2 set or `["OUT","OUT"]` during an outage;
 * node subscriptions (`[topic, qos]`) and `pub_all` messages reach nodes as
 * `[topic, message, retained]`, queued per node (`qlen`, oldest dropped) and, in
 * `lpmode`, sent right after the node's next publication. Malformed datagrams are
 * counted and reported on the errors topic, never forwarded.
 *
 * Throws a `TypeError`/`RangeError` at call time for a bad `config`.
 *
 * @example
 * ```ts
 * const client = createClient({ url: 'mqtt://127.0.0.1:1883' });
 * const nodes = { shed: { key: '<64 hex digits>' } };
 * udpNodeLink({ host: '127.0.0.1', port: 8266 }).pipe(
 *   switchMap((link) => createGateway({ client, link, config: { nodes, lpmode: false } }).events$),
 * ).subscribe((event) => console.error(event));
 * client.connect().subscribe();
 * ```
 */
export function createGateway(options: GatewayOptions): Gateway {
  if (!options || !options.client || !options.link) throw new TypeError('createGateway: client and link are required');
  const config = parseGatewayConfig(options.config === undefined ? {} : options.config);
  const scheduler = options.scheduler || asyncScheduler;
  const epoch = options.epoch === undefined ? Date.now() : options.epoch;
  if (!(Number.isSafeInteger(epoch) && epoch >= 1)) throw new RangeError('createGateway: epoch must be a positive integer, got ' + epoch);
  const context = {
    scheduler,
    epoch,
    hmac: options.hmac || nodeHmacSha256,
    blocked: (options.blocked || []).concat(options.link.selfAddresses || []),
  };
  let run: GatewayRun | undefined;
  const events$ = new Observable<GatewayEvent>((subscriber) => {
    const current = new GatewayRun(options.client, options.link, config, context, (e) => subscriber.next(e));
    run = current;
    current.start();
    return () => current.stop();
  }).pipe(share({ resetOnRefCountZero: true }));
  const idle = new GatewayRun(options.client, options.link, config, context, () => undefined);
  return {
    config,
    events$,
    status: () => (run || idle).status(),
  };
}
