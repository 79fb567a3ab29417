import { defer, Observable, Subscription } from 'rxjs';
import type { ConnectPacket } from '../codec/packet';
import { ClientClosedError, MqttError } from '../errors';
import { connectSession } from './connect-session';
import type { ResolvedOptions } from './resolve-options';
import type { Session, SessionHandler } from './session';
import { StateStore } from './state-store';
import type { Transport } from './transport';
import type { ConnackResult, ConnectionState } from './types';

/** What the rest of the client does when sessions come and go. */
export interface LifecycleHooks {
  /** A session is up (before `state$` says `'connected'`): subscribe, re-send. */
  sessionStarted(session: Session): void;
  /** The session went down; `error` says why. */
  sessionEnded(error: MqttError): void;
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
 * The connection lifecycle of one client: `state$`, `connect()`, `disconnect()` and the
 * current {@link Session}.
 *
 * `connection$` is a cold stream of sessions: each subscription makes one attempt
 * (`'connecting'`, CONNECT, CONNACK within `responseTimeout`) and emits the session on
 * success; the stream errors when that connection fails or later dies. A reconnect
 * policy wraps exactly this stream (retry with backoff, `'reconnecting'` states) without
 * touching the rest; today `reconnect` is not applied yet, so:
 *
 * - the first failure before any CONNACK errors `connect()` and leaves the client
 *   `'disconnected'` with the error; `connect()` may be called again;
 * - an outage after a CONNACK ends the client: `state$` → `'disconnected'` with the
 *   error, then completes; `topic()` observers and `messages$` error with it.
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

  /** One attempt per subscription; emits the session after CONNACK (see the class doc). */
  readonly connection$: Observable<Session> = defer(() => {
    this.attempt++;
    this.state.set({ status: 'connecting', attempt: this.attempt });
    const o = this.options;
    return connectSession(this.transport, {
      connect: connectPacket(o, this.connections === 0),
      responseTimeout: o.responseTimeout,
      maxPacketSize: o.maxPacketSize,
      scheduler: o.scheduler,
      flushScheduler: o.flushScheduler,
      handler: this.handler,
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
    subscription.add(
      this.connection$.subscribe({
        next: (session) => {
          this.connections++;
          this.session = session;
          this.hooks.sessionStarted(session);
          this.state.set({ status: 'connected', sessionPresent: session.sessionPresent, attempt: this.attempt });
        },
        error: (error: MqttError) => {
          if (this.closedWith !== null) return;
          const wasConnected = this.session !== null;
          this.session = null;
          if (this.running === subscription) this.running = null;
          this.hooks.sessionEnded(error);
          if (wasConnected) this.end(error);
          else this.state.set({ status: 'disconnected', error });
        },
      }),
    );
  }
}
