import { Observable, Subscription } from 'rxjs';
import { ClientClosedError, MqttError } from '../errors';
import { isFatalConnackError } from './connection/reconnect-policy';
import { retryBackoff } from './connection/retry-backoff';
import { cleanSlateLink } from './connection/clean-slate';
import { StoreError } from './store/session-store';
import { connectLink } from './connection/connect-link';
import { connectPacket } from './connection/connect-packet';
import type { ResolvedOptions } from './options/resolve-options';
import type { ServerRotation } from './options/server-rotation';
import type { Link, LinkConfig, LinkHandler } from './connection/link';
import { StateStore } from './shared/state-store';
import { serverReferenceOf } from './options/server-reference';
import { disconnectProperties } from './options/options-v5';
import type { Transport } from './transport';
import type { AbandonedPublication, ConnackResult, ConnectionState, DisconnectOptions, DisconnectResult } from './types';
import type { RetryInfo } from './connection/retry-backoff';
import type { DisconnectPacket, DisconnectProperties } from '../codec/packet';

/** What one connection attempt reports: its link at CONNACK, then again once stable. */
interface LinkEvent {
  link: Link;
  stable: boolean;
}

/** What the rest of the client does when sessions come and go. */
export interface LifecycleHooks {
  /** A link is up (before `state$` says `'connected'`): subscribe, re-send. */
  linkStarted(session: Link): void;
  /** The link went down; `error` says why. */
  linkEnded(error: MqttError): void;
  /** The first connection failed (`connect()` errors with `error`); the client may connect again. */
  connectFailed(error: MqttError): void;
  /**
   * The client ended: `error` is null after `disconnect()`, else what ended it. Returns
   * the publications it abandoned (their `publish()` errors with `closedWith`).
   */
  closed(error: MqttError | null, closedWith: ClientClosedError): AbandonedPublication[];
  /** Before DISCONNECT goes out: deliver (and so acknowledge) every message received. */
  beforeDisconnect(): void;
  /** True when no publication waits for its acknowledgement. */
  settled(): boolean;
  /** `listener` runs whenever the last publication settled (null: stop). */
  whenSettled(listener: (() => void) | null): void;
}

/**
 * The connection lifecycle of one client: `state$`, `connect()`, `disconnect()`, the
 * current {@link Link} and the reconnect policy. A failed first connection is not
 * retried (`connect()` errors); outages are retried under `retryBackoff` with the
 * client's policy, `state$` saying `'reconnecting'` per attempt, until a link is up or
 * the policy gives up (then `'disconnected'` with the error, and the client ends).
 * `cleanInit` runs the first connection as a clean slate ({@link cleanSlateLink});
 * `servers` moves on to the next server after each failure (or, on MQTT 5, to a Server
 * Reference). The states and the rules
 * in full: docs/architecture.md, "The connection lifecycle".
 */
export class ClientLifecycle {
  readonly state = new StateStore<ConnectionState>({ status: 'idle' });
  /** The live link, or null while not connected. */
  link: Link | null = null;
  /** Successful connections so far. */
  connections = 0;
  private closedWith: ClientClosedError | null = null;
  /** Set while a graceful `disconnect()` waits for publications to settle. */
  private closing: ClientClosedError | null = null;
  /** The graceful wait's timer; null unless closing. */
  private closingWait: Subscription | null = null;
  /** MQTT 5: the DISCONNECT's properties (user properties of the first `disconnect()` that gave some). */
  private disconnectProperties: DisconnectProperties | undefined = undefined;
  /** `disconnect()` callers waiting for the end. */
  private readonly disconnecting: Array<(result: DisconnectResult) => void> = [];
  /** The connection attempt or session under way, or the wait before the next attempt; null while idle or ended. */
  private running: Subscription | null = null;
  /** Attempts of `connect()` before the first successful connection. */
  private attempt = 0;
  /** The retry of the reconnect policy under way (as `retryBackoff` counts it). */
  private retry = 0;

  constructor(
    private readonly transport: Transport,
    private readonly options: ResolvedOptions,
    private readonly handler: LinkHandler,
    private readonly hooks: LifecycleHooks,
    private readonly servers: ServerRotation | null = null,
  ) {}

  /** `state` with the server of the current (or next) attempt when there is a `servers` list. */
  private onServer<S extends ConnectionState>(state: S): S {
    if (this.servers !== null) (state as { server?: string }).server = this.servers.server;
    return state;
  }

  /** Set once the client ended or `disconnect()` was called; what later calls error with. */
  get closed(): ClientClosedError | null {
    return this.closedWith || this.closing;
  }

  /** True while a graceful `disconnect()` waits for publications to settle. */
  get isClosing(): boolean {
    return this.closing !== null && this.closedWith === null;
  }

  /** True while the client tries to get connected: the first `connect()` or a reconnect is under way. */
  get waiting(): boolean {
    return this.running !== null && this.link === null; // an ended client runs nothing
  }

  /**
   * One connection attempt as values: `{ link, stable: false }` at its CONNACK, then
   * `{ link, stable: true }` once it proved stable (see `Link.whenStable`); errors with
   * what failed the attempt or ended the link. Each subscription makes one attempt.
   */
  private linkEvents(): Observable<LinkEvent> {
    return new Observable<LinkEvent>((subscriber) => {
      const attempts = new Subscription();
      const attempt = (): void => {
        const first = this.connections === 0;
        if (first) {
          this.attempt++;
          this.state.set(this.onServer({ status: 'connecting', attempt: this.attempt }));
        }
        const o = this.options;
        const config: LinkConfig = {
          connect: connectPacket(o, first),
          responseTimeout: o.responseTimeout,
          maxPacketSize: o.maxPacketSize,
          scheduler: o.scheduler,
          flushScheduler: o.flushScheduler,
          handler: this.handler,
        };
        const store = o.store;
        if (store !== null) config.beforeWrite = () => store.commit();
        if (o.given.authenticate !== undefined) config.authenticate = o.given.authenticate; // MQTT 5 enhanced authentication
        const link$ = first && o.cleanInit && !o.clean ? cleanSlateLink(this.transport, config) : connectLink(this.transport, config);
        attempts.add(
          link$.subscribe({
            next: (link) => {
              subscriber.next({ link, stable: false });
              link.whenStable(() => subscriber.next({ link, stable: true }));
            },
            error: (error: MqttError) => {
              // a write failing while disconnect() sends DISCONNECT: the client has ended already
              if (this.closedWith !== null) return;
              if (this.link !== null) {
                this.link = null;
                this.hooks.linkEnded(error);
              }
              if (this.servers !== null) {
                // the next attempt, now or after connect() again, tries the next server, or
                // (MQTT 5) the one a Server Reference names
                const reference = serverReferenceOf(error);
                if (reference === null || !this.servers.refer(reference)) this.servers.next();
                if (this.connections === 0 && this.untriedServers()) return attempt(); // one connect() tries each server once
              }
              subscriber.error(error);
            },
          }),
        );
      };
      attempt();
      return attempts;
    });
  }

  /**
   * The reconnect loop, declared once: the attempts of {@link linkEvents} under
   * `retryBackoff` with the client's policy. A link resets the attempt count only once
   * it proved stable, so a broker that accepts and closes at once makes the delays grow
   * and counts toward `maxAttempts`. The first connection is never retried (its error
   * goes to `connect()`), nor a CONNACK refusal no retry can cure.
   */
  private run(): void {
    const policy = this.options.reconnect;
    const retries = retryBackoff<LinkEvent>(
      Object.assign({}, policy === false ? { maxAttempts: 0 } : policy, {
        scheduler: this.options.scheduler,
        // a store that cannot record the session makes every further write unsafe
        isFatal: (error: unknown) => this.connections === 0 || this.closing !== null || isFatalConnackError(error) || error instanceof StoreError,
        resetOn: (event: LinkEvent) => event.stable,
        onRetry: (info: RetryInfo) => {
          this.retry = info.attempt;
          this.state.set(this.onServer({ status: 'reconnecting', attempt: info.attempt, nextDelay: info.delay, lastError: info.error as MqttError }));
        },
      }),
    );
    // set before subscribing: an attempt that fails at once has already ended it
    const running = new Subscription();
    this.running = running;
    running.add(
      this.linkEvents()
        .pipe(retries)
        .subscribe({
          next: (event) => {
            if (!event.stable) this.started(event.link);
          },
          error: (error: MqttError) => this.failed(error),
        }),
    );
  }

  /** With `servers`, whether the first `connect()` has servers it has not tried yet. */
  private untriedServers(): boolean {
    return this.servers !== null && this.attempt % this.servers.size !== 0;
  }

  /** See `MqttClient.connect`. */
  connect(): Observable<ConnackResult> {
    return new Observable<ConnackResult>((subscriber) => {
      if (this.closedWith !== null) {
        subscriber.error(this.closedWith);
        return;
      }
      if (this.running === null) this.run();
      let answered = false; // a disconnect() inside next() must not turn the emitted answer into an error
      return this.state.value$.subscribe((state) => {
        if (answered) return;
        if (state.status === 'connected') {
          answered = true;
          const v5 = this.link !== null ? this.link.v5 : null; // MQTT 5: the CONNACK's properties
          subscriber.next({ sessionPresent: state.sessionPresent, reasonCode: 0, properties: v5 !== null ? v5.connackProperties : {} });
          subscriber.complete();
        } else if (state.status === 'disconnected') {
          subscriber.error(state.error || this.closedWith); // without an error: after disconnect()
        }
      });
    });
  }

  /**
   * See `MqttClient.disconnect`. Graceful: once publications in flight settled (or after
   * `timeout`, default `responseTimeout`), every received message was delivered and
   * acknowledged, DISCONNECT goes out. Checks run one task late (`scheduler`, delay 0),
   * so an observer calling `disconnect()` returns, and its message is acknowledged,
   * before DISCONNECT [MQTT-4.6.0-2]. `force`, or no connection, ends at once.
   */
  disconnect(options?: DisconnectOptions): Observable<DisconnectResult> {
    return new Observable<DisconnectResult>((subscriber) => {
      if (this.closedWith !== null) {
        subscriber.error(this.closedWith);
        return;
      }
      if (this.disconnectProperties === undefined) this.disconnectProperties = disconnectProperties(options);
      this.disconnecting.push((result) => {
        subscriber.next(result);
        subscriber.complete();
      });
      if ((options && options.force) || this.link === null) this.end(null);
      else if (this.closing === null) this.closeGracefully(options && options.timeout !== undefined ? options.timeout : this.options.responseTimeout);
    });
  }

  private closeGracefully(timeout: number): void {
    this.closing = new ClientClosedError('the client is closed: disconnect() was called');
    const o = this.options;
    const check = () => {
      if (this.closedWith === null && this.hooks.settled()) this.end(null);
    };
    this.closingWait = o.scheduler.schedule(() => this.end(null), timeout);
    // the checks are not cancelled: each one sees whether the client ended meanwhile
    this.hooks.whenSettled(() => o.scheduler.schedule(check));
    o.scheduler.schedule(check);
  }

  /** Ends the client for good: with `error` after a fatal failure, null after `disconnect()`. */
  end(error: MqttError | null): void {
    if (this.closedWith !== null) return;
    const closedWith =
      this.closing ||
      new ClientClosedError(error === null ? 'the client is closed: disconnect() was called' : 'the client is closed: ' + error.message);
    this.closedWith = closedWith;
    this.hooks.whenSettled(null);
    if (this.closingWait !== null) this.closingWait.unsubscribe();
    const running = this.running;
    const session = this.link;
    this.running = null;
    this.link = null;
    // After disconnect(): DISCONNECT goes out first (the broker then drops the will
    // [MQTT-3.14.4-3]); the broker closing the link in reply is no outage any more.
    if (error === null && session !== null) {
      this.hooks.beforeDisconnect();
      const farewell: DisconnectPacket = { type: 'disconnect' };
      if (this.disconnectProperties !== undefined) farewell.properties = this.disconnectProperties; // MQTT 5
      session.send(farewell);
      session.flush();
    }
    if (running !== null) running.unsubscribe();
    const abandoned = this.hooks.closed(error, closedWith);
    this.state.end(error === null ? { status: 'disconnected' } : { status: 'disconnected', error });
    const waiting = this.disconnecting.splice(0, this.disconnecting.length);
    for (let i = 0; i < waiting.length; i++) waiting[i]({ abandoned });
  }

  /**
   * The reconnect loop gave up: the first connection's failure goes to `connect()` (the
   * client may connect again); after that the client ends with `error`.
   */
  private failed(error: MqttError): void {
    if (this.closedWith !== null) return;
    if (this.closing !== null) {
      this.end(null); // the link died while disconnect() waited: what waited is abandoned
      return;
    }
    if (this.connections === 0) {
      this.running = null;
      this.state.set({ status: 'disconnected', error });
      this.hooks.connectFailed(error);
      return;
    }
    this.end(error);
  }

  private started(session: Link): void {
    this.connections++;
    this.link = session;
    this.hooks.linkStarted(session);
    const attempt = this.connections === 1 ? this.attempt : this.retry;
    this.state.set(this.onServer({ status: 'connected', sessionPresent: session.sessionPresent, attempt }));
  }
}
