import { Observable, Subscription } from 'rxjs';
import type { ConnectPacket } from '../codec/packet';
import { ClientClosedError, MqttError } from '../errors';
import { isFatalConnackError, retryWithPolicy } from '../../operators/retry-backoff';
import { cleanSlateSession } from './clean-slate';
import { connectSession } from './connect-session';
import type { ResolvedOptions } from './resolve-options';
import type { Session, SessionConfig, SessionHandler } from './session';
import { StateStore } from './state-store';
import type { Transport } from './transport';
import type { ConnackResult, ConnectionState } from './types';

/** What the rest of the client does when sessions come and go. */
export interface LifecycleHooks {
  /** A session is up (before `state$` says `'connected'`): subscribe, re-send. */
  sessionStarted(session: Session): void;
  /** The session went down; `error` says why. */
  sessionEnded(error: MqttError): void;
  /** The first connection failed (`connect()` errors with `error`); the client may connect again. */
  connectFailed(error: MqttError): void;
  /** The client ended: `error` is null after `disconnect()`, else what ended it. */
  closed(error: MqttError | null, closedWith: ClientClosedError): void;
}

/** Builds the CONNECT of a connection; `first` is true for the first connection of the client. */
export function connectPacket(options: ResolvedOptions, first: boolean): ConnectPacket {
  const packet: ConnectPacket = {
    type: 'connect',
    clientId: options.clientId,
    keepalive: options.keepalive,
    clean: first ? options.cleanInit : options.clean,
  };
  if (options.will) packet.will = options.will;
  if (options.username !== undefined) packet.username = options.username;
  if (options.password !== undefined) packet.password = options.password;
  return packet;
}

/**
 * The connection lifecycle of one client: `state$`, `connect()`, `disconnect()`, the
 * current {@link Session} and the reconnect policy.
 *
 * `connection$` is a cold stream of sessions: each subscription makes one attempt
 * (CONNECT, CONNACK within `responseTimeout`) and emits the session on success; the
 * stream errors when that connection fails or later dies. The reconnect policy wraps
 * exactly this stream with `retryBackoff` (see `operators/retry-backoff`; its unchecked
 * `retryWithPolicy`, the policy having been checked by `createClient`):
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
 * slate (see {@link cleanSlateSession}).
 */
export class ClientLifecycle {
  readonly state = new StateStore<ConnectionState>({ status: 'idle' });
  /** The live session, or null while not connected. */
  session: Session | null = null;
  /** Successful connections so far. */
  connections = 0;
  private closedWith: ClientClosedError | null = null;
  private running: Subscription | null = null;
  private attempt = 0;

  constructor(
    private readonly transport: Transport,
    private readonly options: ResolvedOptions,
    private readonly handler: SessionHandler,
    private readonly hooks: LifecycleHooks,
  ) {}

  /** Set once the client ended; what later calls error with. */
  get closed(): ClientClosedError | null {
    return this.closedWith;
  }

  /** True while the client tries to get connected: the first `connect()` or a reconnect is under way. */
  get waiting(): boolean {
    return this.running !== null && this.session === null && this.closedWith === null;
  }

  /**
   * One attempt per subscription; emits the session after CONNACK (see the class doc).
   * `started()` and `ended()` run before the session or the error passes on.
   */
  private readonly connection$: Observable<Session> = new Observable<Session>((subscriber) => {
    const first = this.connections === 0;
    if (first) {
      this.attempt++;
      this.state.set({ status: 'connecting', attempt: this.attempt });
    }
    const o = this.options;
    const config: SessionConfig = {
      connect: connectPacket(o, first),
      responseTimeout: o.responseTimeout,
      maxPacketSize: o.maxPacketSize,
      scheduler: o.scheduler,
      flushScheduler: o.flushScheduler,
      handler: this.handler,
    };
    const session$ = first && o.cleanInit && !o.clean ? cleanSlateSession(this.transport, config) : connectSession(this.transport, config);
    // tap() written out (RxJS's tap is 0.5 KB of the browser bundle): what started() or
    // ended() throws goes downstream as the error, as with tap.
    const tapped = (effect: () => void, pass: () => void): void => {
      try {
        effect();
      } catch (thrown) {
        subscriber.error(thrown);
        return;
      }
      pass();
    };
    return session$.subscribe({
      next: (session) => tapped(() => this.started(session), () => subscriber.next(session)),
      error: (error: MqttError) => tapped(() => this.ended(error), () => subscriber.error(error)),
      complete: () => subscriber.complete(),
    });
  });

  /** See `MqttClient.connect`. */
  connect(): Observable<ConnackResult> {
    return new Observable<ConnackResult>((subscriber) => {
      if (this.closedWith !== null) {
        subscriber.error(this.closedWith);
        return;
      }
      if (this.running === null) this.start();
      return this.state.value$.subscribe((state) => {
        if (state.status === 'connected') {
          subscriber.next({ sessionPresent: state.sessionPresent });
          subscriber.complete();
        } else if (state.status === 'disconnected') {
          subscriber.error(state.error || this.closedWith || new ClientClosedError());
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
    const session = this.session;
    this.running = null;
    this.session = null;
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

  private start(): void {
    const subscription = new Subscription();
    this.running = subscription;
    const policy = this.options.reconnect;
    const source$ =
      policy === false
        ? this.connection$
        : this.connection$.pipe(
            retryWithPolicy<Session>(policy, {
              scheduler: this.options.scheduler,
              // the first connection is not retried (mqtt_as power-up behaviour): connect() reports it
              isFatal: (error) => this.connections === 0 || this.closedWith !== null || isFatalConnackError(error),
              onRetry: (info) => {
                this.attempt = info.attempt;
                this.state.set({ status: 'reconnecting', attempt: info.attempt, nextDelay: info.delay, lastError: info.error as Error });
              },
            }),
          );
    subscription.add(
      source$.subscribe({
        error: (error: MqttError) => {
          if (this.closedWith !== null) return;
          if (this.running === subscription) this.running = null;
          if (this.connections > 0) {
            this.end(error);
            return;
          }
          this.state.set({ status: 'disconnected', error });
          this.hooks.connectFailed(error);
        },
      }),
    );
  }

  private started(session: Session): void {
    this.connections++;
    this.session = session;
    this.hooks.sessionStarted(session);
    this.state.set({ status: 'connected', sessionPresent: session.sessionPresent, attempt: this.attempt });
  }

  private ended(error: MqttError): void {
    if (this.session === null) return;
    this.session = null;
    this.hooks.sessionEnded(error);
  }
}
