import { Observable, SchedulerLike, asyncScheduler, share } from 'rxjs';
import type { MqttClient } from '../client/types';
import { GatewayConfig, parseGatewayConfig } from './gateway-config';
import type { GatewayEvent } from './gateway-event';
import type { GatewayStatus } from './gateway-status';
import type { NodeLink } from './node-link';
import { GatewayRun } from './gateway-run';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** The broker connection (connected by the caller; the gateway watches `state$`). */
  client: MqttClient;
  /** Where the nodes are: UDP ({@link udpNodeLink}) or any other {@link NodeLink}. */
  link: NodeLink;
  /** Seed `gwcfg` keys; missing ones take {@link DEFAULT_GATEWAY_CONFIG}. */
  config?: Partial<GatewayConfig>;
  /** Clock of report timestamps (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
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
 * 004 describes: node publications (`[topic, message, retain, qos]`) are forwarded, and
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
 * udpNodeLink({ host: '127.0.0.1', port: 8266 }).pipe(
 *   switchMap((link) => createGateway({ client, link, config: { lpmode: false } }).events$),
 * ).subscribe((event) => console.error(event));
 * client.connect().subscribe();
 * ```
 */
export function createGateway(options: GatewayOptions): Gateway {
  if (!options || !options.client || !options.link) throw new TypeError('createGateway: client and link are required');
  const config = parseGatewayConfig(options.config === undefined ? {} : options.config);
  const scheduler = options.scheduler || asyncScheduler;
  let run: GatewayRun | undefined;
  const events$ = new Observable<GatewayEvent>((subscriber) => {
    const current = new GatewayRun(options.client, options.link, config, () => scheduler.now(), (e) => subscriber.next(e));
    run = current;
    current.start();
    return () => current.stop();
  }).pipe(share({ resetOnRefCountZero: true }));
  const idle = new GatewayRun(options.client, options.link, config, () => scheduler.now(), () => undefined);
  return {
    config,
    events$,
    status: () => (run || idle).status(),
  };
}
