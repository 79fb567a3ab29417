import { firstValueFrom, last, Observable, Subscription, timeout } from 'rxjs';
import { createClient } from '../../../lib';
import type { ClientOptions, ConnectionState, MqttClient } from '../../../lib';
import { until } from '../../support/until';

/** `scheme://127.0.0.1:port[path]` for the shared test broker's listener of that scheme. */
export function brokerUrl(scheme: 'mqtt' | 'mqtts' | 'ws' | 'wss' = 'mqtt'): string {
  const ports = {
    mqtt: process.env.MQTT_TEST_PORT,
    mqtts: process.env.MQTT_TEST_TLS_PORT,
    ws: process.env.MQTT_TEST_WS_PORT,
    wss: process.env.MQTT_TEST_WSS_PORT,
  };
  const path = scheme === 'ws' || scheme === 'wss' ? '/mqtt' : '';
  return scheme + '://127.0.0.1:' + Number(ports[scheme]) + path;
}

/**
 * A topic no other spec uses: spec files run in parallel against one broker.
 *
 * @example
 * ```ts
 * const topic = uniqueTopic('retained'); // 'rxmqtt-it/retained/k3j9x2'
 * ```
 */
export function uniqueTopic(name: string): string {
  return 'rxmqtt-it/' + name + '/' + Math.random().toString(36).slice(2, 10);
}

/** What an observable delivered so far, recorded from one subscription. */
export interface Inbox<T> {
  /** Values in arrival order. */
  readonly values: T[];
  /** The error it ended with, if any. */
  readonly error: unknown;
  /** Whether it completed or errored. */
  readonly ended: boolean;
  /** Resolves with the first `count` values once they are there; rejects after `ms`. */
  take(count: number, ms?: number): Promise<T[]>;
  /** Resolves with the error once the source errors; rejects after `ms` or when it completes or emits. */
  failure(ms?: number): Promise<unknown>;
  /** Unsubscribes. */
  stop(): void;
}

/**
 * Subscribes to `source` at once and records what it emits.
 *
 * @example
 * ```ts
 * const box = inbox(client.topic('a/#'));
 * expect((await box.take(1))[0].topic).toBe('a/b');
 * ```
 */
export function inbox<T>(source: Observable<T>): Inbox<T> {
  const values: T[] = [];
  const state = { error: undefined as unknown, ended: false };
  const subscription: Subscription = source.subscribe({
    next: (value) => values.push(value),
    error: (error) => {
      state.error = error;
      state.ended = true;
    },
    complete: () => {
      state.ended = true;
    },
  });
  return {
    values,
    get error() {
      return state.error;
    },
    get ended() {
      return state.ended;
    },
    take(count, ms = 3000) {
      return until(
        () => values.length >= count,
        ms,
        () => 'expected ' + count + ' value(s) within ' + ms + ' ms, got ' + values.length + (state.ended ? ' (ended: ' + String(state.error) + ')' : ''),
      ).then(() => values.slice(0, count));
    },
    failure(ms = 3000) {
      return until(
        () => state.ended,
        ms,
        () => 'expected an error within ' + ms + ' ms, got ' + values.length + ' value(s) and no end',
      ).then(() => {
        if (state.error === undefined) throw new Error('completed instead of erroring');
        return state.error;
      });
    },
    stop: () => subscription.unsubscribe(),
  };
}

/**
 * Clients made for one spec, all disconnected by {@link ClientPool.closeAll} (call it in
 * `afterEach`). Defaults for bounded specs: `reconnect: false`, `responseTimeout` 2 s.
 */
export class ClientPool {
  private readonly clients: MqttClient[] = [];
  private readonly inboxes: Array<Inbox<unknown>> = [];

  /** A client on `options` (default URL: the shared broker's plain listener). */
  create(options: Partial<ClientOptions> = {}): MqttClient {
    const client = createClient(Object.assign({ url: brokerUrl(), reconnect: false, responseTimeout: 2000 }, options));
    this.clients.push(client);
    return client;
  }

  /** {@link create}, then connects it; rejects with the connect error. */
  async connect(options: Partial<ClientOptions> = {}): Promise<MqttClient> {
    const client = this.create(options);
    await firstValueFrom(client.connect().pipe(timeout(5000)));
    return client;
  }

  /** An {@link inbox} stopped by {@link closeAll}. */
  inbox<T>(source: Observable<T>): Inbox<T> {
    const box = inbox(source);
    this.inboxes.push(box as Inbox<unknown>);
    return box;
  }

  /** Stops every inbox and disconnects every client still open (errors of closed ones ignored). */
  async closeAll(): Promise<void> {
    const boxes = this.inboxes.splice(0, this.inboxes.length);
    for (let i = 0; i < boxes.length; i++) boxes[i].stop();
    const clients = this.clients.splice(0, this.clients.length);
    await Promise.all(clients.map((client) => firstValueFrom(client.disconnect(), { defaultValue: undefined }).catch(() => undefined)));
  }
}

/**
 * Resolves after a PINGREQ/PINGRESP round trip: the broker handles a connection's
 * packets in order, so everything the client sent before (a SUBSCRIBE, say) has been
 * processed, and the broker's answers to it (SUBACK, retained messages) have arrived.
 *
 * @example
 * ```ts
 * const box = pool.inbox(subscriber.topic(topic));
 * await settled(subscriber); // subscribed now: safe to publish from another client
 * ```
 */
export function settled(client: MqttClient): Promise<number> {
  return firstValueFrom(client.ping().pipe(timeout(3000)));
}

/** The state `client.state$` ends with; rejects unless it completes within `ms`. */
export function finalState(client: MqttClient, ms = 5000): Promise<ConnectionState> {
  return firstValueFrom(client.state$.pipe(last(), timeout(ms)));
}

/** Bytes as a plain array, for readable `toEqual` failures on short payloads. */
export function bytesOf(payload: Uint8Array): number[] {
  return Array.from(payload);
}

/** UTF-8 text of a payload. */
export function textOf(payload: Uint8Array): string {
  return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
}

/** Resolves after `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
