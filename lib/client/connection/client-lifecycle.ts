import { Observable, Subscription } from 'rxjs';
import { ClientClosedError, MqttError } from '../../errors';
import { policyDelay } from '../../../operators/backoff-delay';
import { isFatalConnackError } from '../../../operators/retry-backoff';
import { cleanSlateLink } from './clean-slate';
import { StoreError } from '../store/session-store';
import { connectLink } from './connect-link';
import { connectPacket } from './connect-packet';
import type { ResolvedOptions } from '../options/resolve-options';
import type { ServerRotation } from '../options/server-rotation';
import type { Link, LinkConfig, LinkHandler } from './link';
import { StateStore } from '../shared/state-store';
import type { Transport } from './transport';
import type { ConnackResult, ConnectionState } from '../types';

/** What the rest of the client does when sessions come and go. */
export interface LifecycleHooks {
  /** A link is up (before `state$` says `'connected'`): subscribe, re-send. */
  linkStarted(session: Link): void;
  /** The link went down; `error` says why. */
  linkEnded(error: MqttError): void;
  /** The first connection failed (`connect()` errors with `error`); the client may connect again. */
  connectFailed(error: MqttError): void;
  /** The client ended: `error` is null after `disconnect()`, else what ended it. */
  closed(error: MqttError | null, closedWith: ClientClosedError): void;
}

/**
 * The connection lifecycle of one client: `state$`, `connect()`, `disconnect()`, the
 * current {@link Link} and the reconnect policy.
 *
 * Each connection attempt (CONNECT, CONNACK within `responseTimeout`, see
 * {@link connectLink}) either starts a session or fails; a session lives until its
 * connection dies. What follows a failure or an outage is the reconnect policy, as
 * `retryBackoff` (see `operators/retry-backoff`) would apply it to the attempts, with
 * the delays of `policyDelay` (the policy having been checked by `createClient`):
 *
 * - **First connection** (mqtt_as power-up behaviour): `state$` says `'connecting'`;
 *   a failure is not retried: `connect()` errors with it, `state$` says
 *   `'disconnected'` with the error, and `connect()` may be called again (e.g.
 *   `client.connect().pipe(retryBackoff())` retries it with the same policy).
 * - **Outages** after that: `state$` says `'reconnecting'` with `attempt` (1, 2, ...
 *   since the last success), `nextDelay` (ms, jitter applied) and `lastError`, one
 *   state per failed attempt, then `'connected'` (with the attempt that succeeded).
 *   The attempt count restarts after each success.
 * - **The end**: a CONNACK refusal with return code 1, 2, 4 or 5 (retrying cannot
 *   cure it), `maxAttempts` failed attempts in a row, or `reconnect: false` and an
 *   outage end the client: `state$` → `'disconnected'` with the error, then completes;
 *   `topic()` observers, `messages$` and waiting publications error with it.
 *   `disconnect()` ends it without an error, also while it waits to reconnect (the
 *   wait is cancelled).
 *
 * With `cleanInit: true, clean: false` the first connection is mqtt_async's clean
 * slate (see {@link cleanSlateLink}).
 *
 * With `servers` (a {@link ServerRotation} as the transport): every failed attempt and
 * every outage moves on to the next server (the first `connect()` tries each server
 * once before it errors with the last failure), and the `connecting`, `connected` and
 * `reconnecting` states carry the `server` the attempt goes to.
 */
export class ClientLifecycle {
  readonly state = new StateStore<ConnectionState>({ status: 'idle' });
  /** The live link, or null while not connected. */
  link: Link | null = null;
  /** Successful connections so far. */
  connections = 0;
  private closedWith: ClientClosedError | null = null;
  /** The connection attempt or session under way, or the wait before the next attempt; null while idle or ended. */
  private running: Subscription | null = null;
  /** Attempts since the last successful connection (of `connect()` before the first one, else of the reconnect policy). */
  private attempt = 0;

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

  /** Set once the client ended; what later calls error with. */
  get closed(): ClientClosedError | null {
    return this.closedWith;
  }

  /** True while the client tries to get connected: the first `connect()` or a reconnect is under way. */
  get waiting(): boolean {
    return this.running !== null && this.link === null; // an ended client runs nothing
  }

  /** Makes one connection attempt; its session reaches {@link started}, its end {@link lost}. */
  private attemptConnection(): void {
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
    const session$ = first && o.cleanInit && !o.clean ? cleanSlateLink(this.transport, config) : connectLink(this.transport, config);
    // set before subscribing: an attempt that fails at once has already moved on from it
    const attempt = new Subscription();
    this.running = attempt;
    attempt.add(session$.subscribe({ next: (session) => this.started(session), error: (error: MqttError) => this.lost(error) }));
  }

  /** See `MqttClient.connect`. */
  connect(): Observable<ConnackResult> {
    return new Observable<ConnackResult>((subscriber) => {
      if (this.closedWith !== null) {
        subscriber.error(this.closedWith);
        return;
      }
      if (this.running === null) this.attemptConnection();
      return this.state.value$.subscribe((state) => {
        if (state.status === 'connected') {
          const v5 = this.link !== null ? this.link.v5 : null; // MQTT 5: the CONNACK's properties
          subscriber.next({ sessionPresent: state.sessionPresent, reasonCode: 0, properties: v5 !== null ? v5.connackProperties : {} });
          subscriber.complete();
        } else if (state.status === 'disconnected') {
          subscriber.error(state.error || this.closedWith); // without an error: after disconnect()
        }
      });
    });
  }

  /** See `MqttClient.disconnect`. */
  disconnect(): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (this.closedWith !== null) {
        subscriber.error(this.closedWith);
        return;
      }
      this.end(null);
      subscriber.next();
      subscriber.complete();
    });
  }

  /** Ends the client for good: with `error` after a fatal failure, null after `disconnect()`. */
  end(error: MqttError | null): void {
    if (this.closedWith !== null) return;
    const closedWith = new ClientClosedError(
      error === null ? 'the client is closed: disconnect() was called' : 'the client is closed: ' + error.message,
    );
    this.closedWith = closedWith;
    const running = this.running;
    const session = this.link;
    this.running = null;
    this.link = null;
    // After disconnect(): DISCONNECT goes out first (the broker then drops the will
    // [MQTT-3.14.4-3]); the broker closing the link in reply is no outage any more.
    if (error === null && session !== null) {
      session.send({ type: 'disconnect' });
      session.flush();
    }
    if (running !== null) running.unsubscribe();
    this.hooks.closed(error, closedWith);
    this.state.end(error === null ? { status: 'disconnected' } : { status: 'disconnected', error });
  }

  /**
   * A connection attempt failed or its session died: the first connection's failure
   * goes to `connect()`; after that the reconnect policy waits and tries again, or
   * ends the client (see the class doc).
   */
  private lost(error: MqttError): void {
    // a write failing while disconnect() sends DISCONNECT: the client has ended already
    if (this.closedWith !== null) return;
    if (this.servers !== null) this.servers.next(); // the next attempt, now or after connect() again, tries the next server
    if (this.link !== null) {
      this.link = null;
      this.hooks.linkEnded(error);
    }
    if (this.connections === 0) {
      // with servers, one connect() tries each of them once before it fails
      if (this.servers !== null && this.attempt % this.servers.size !== 0) {
        this.attemptConnection();
        return;
      }
      this.running = null;
      this.state.set({ status: 'disconnected', error });
      this.hooks.connectFailed(error);
      return;
    }
    const policy = this.options.reconnect;
    // a store that cannot record the session makes every further write unsafe
    if (policy === false || isFatalConnackError(error) || error instanceof StoreError || this.attempt >= policy.maxAttempts) {
      this.end(error);
      return;
    }
    let delay: number;
    try {
      delay = policyDelay(policy, this.attempt + 1);
    } catch (thrown) {
      this.end(thrown as MqttError);
      return;
    }
    this.attempt++;
    this.state.set(this.onServer({ status: 'reconnecting', attempt: this.attempt, nextDelay: delay, lastError: error }));
    // set before scheduling: a scheduler that runs the attempt at once replaces it
    const wait = new Subscription();
    this.running = wait;
    wait.add(this.options.scheduler.schedule(() => this.attemptConnection(), delay));
  }

  private started(session: Link): void {
    this.connections++;
    this.link = session;
    this.hooks.linkStarted(session);
    this.state.set(this.onServer({ status: 'connected', sessionPresent: session.sessionPresent, attempt: this.attempt }));
    this.attempt = 0; // the next outage counts its attempts from 1
  }
}
