import { Subscription, firstValueFrom, lastValueFrom } from 'rxjs';
import type { MqttClient } from '../client/types';
import { Gateway, createGateway } from './create-gateway';
import type { GatewayOptions } from './create-gateway';
import { GatewayConfig, parseGatewayConfig } from './gateway-config';
import type { GatewayEvent } from './gateway-event';
import type { GatewayStatus } from './gateway-status';
import { UdpNodeLink, udpNodeLink } from '../../adapters/udp-node-link';

/** Options of {@link startGateway}. */
export interface StartGatewayOptions {
  /** The broker connection; `startGateway` connects it unless it is already connected. */
  client: MqttClient;
  /** The UDP address to bind, and only that one; port 0 picks a free port. */
  udp: { host: string; port: number };
  /** Seed `gwcfg` keys; missing ones take the defaults. */
  config?: Partial<GatewayConfig>;
  /** Every {@link GatewayEvent} (the CLI prints them when `debug` is on). */
  onEvent?: (event: GatewayEvent) => void;
  /** Disconnect the client on `stop()` (default true). */
  disconnectOnStop?: boolean;
  /** This run's epoch (see {@link GatewayOptions.epoch}; the CLI keeps it in a state file). */
  epoch?: number;
  /** Addresses never taken datagrams from besides the socket's own, e.g. the broker's `"host:port"`. */
  blocked?: string[];
}

/** A running gateway, as {@link startGateway} resolves it. */
export interface GatewayHandle {
  /** Where the UDP socket is bound (the real port when 0 was asked for). */
  readonly address: { host: string; port: number };
  readonly gateway: Gateway;
  /** Counters now. */
  status(): GatewayStatus;
  /**
   * Ends the run (the client unsubscribes from every gateway topic), closes the UDP socket,
   * then disconnects the client (unless `disconnectOnStop` is false). Idempotent; never rejects.
   */
  stop(): Promise<void>;
}

/**
 * Starts a gateway: validates `config` (a `TypeError`/`RangeError` rejection when bad),
 * binds UDP to `udp` only (rejects with a `TransportError` `CONNECT_FAILED` when it
 * cannot), connects the client when it is not connected yet (rejects with the client's
 * error on a first failure, as mqtt_as does at power-up), then runs the gateway until
 * `stop()`. Broker outages after that are the client's to recover from; meanwhile nodes
 * get `["OUT","OUT"]`.
 *
 * @example
 * ```ts
 * const handle = await startGateway({
 *   client: createClient({ url: 'mqtt://127.0.0.1:1883' }),
 *   udp: { host: '127.0.0.1', port: 8266 },
 *   config: { lpmode: false },
 * });
 * // ... later
 * await handle.stop();
 * ```
 */
export async function startGateway(options: StartGatewayOptions): Promise<GatewayHandle> {
  const client = options.client;
  const config = parseGatewayConfig(options.config === undefined ? {} : options.config);
  let link: UdpNodeLink | undefined;
  const linkRun = new Subscription();
  try {
    link = await new Promise<UdpNodeLink>((resolve, reject) => {
      linkRun.add(udpNodeLink(options.udp).subscribe({ next: resolve, error: reject }));
    });
    const state = await firstValueFrom(client.state$);
    if (state.status !== 'connected') await lastValueFrom(client.connect());
  } catch (error) {
    linkRun.unsubscribe();
    throw error;
  }
  const running = createGateway({ client, link, config, epoch: options.epoch, blocked: options.blocked });
  const onEvent = options.onEvent;
  const run = running.events$.subscribe((event) => onEvent && onEvent(event));
  let stopped: Promise<void> | undefined;
  return {
    address: link.address,
    gateway: running,
    status: () => running.status(),
    stop: () => {
      if (!stopped) {
        run.unsubscribe();
        linkRun.unsubscribe();
        stopped =
          options.disconnectOnStop === false
            ? Promise.resolve()
            : lastValueFrom(client.disconnect(), { defaultValue: undefined }).then(
                () => undefined,
                () => undefined,
              );
      }
      return stopped;
    },
  };
}
