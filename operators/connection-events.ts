import { filter, map, Observable } from 'rxjs';
import type { ConnectionState } from '../lib/client/types';

/** The `'connected'` member of {@link ConnectionState}. */
export type ConnectedState = Extract<ConnectionState, { status: 'connected' }>;

/** Every other member of {@link ConnectionState}. */
export type NotConnectedState = Exclude<ConnectionState, { status: 'connected' }>;

/** A change of connectivity, mqtt_as style: `up` on (re)connection, `down` on losing it. */
export type ConnectionEvent = { type: 'up'; state: ConnectedState } | { type: 'down'; state: NotConnectedState };

/**
 * mqtt_as's `up` / `down` events derived from a client's `state$`: `'up'` each time
 * the status becomes `'connected'` (also when the first state seen is `'connected'`,
 * as `state$` replays it), `'down'` each time it leaves `'connected'` — for an outage
 * (`'reconnecting'`, with `lastError`) as for the end (`'disconnected'`). Repeated
 * `'connected'` states count as one `up`; a first state that is not `'connected'`
 * gives no `down`.
 *
 * Emits: {@link ConnectionEvent}s carrying the state that caused them.
 * Completes / errors: when `state$` does.
 *
 * @example
 * ```ts
 * connectionEvents(client.state$).subscribe((e) =>
 *   console.log(e.type === 'up' ? 'We are connected to broker.' : 'WiFi or broker is down.'),
 * );
 * ```
 */
export function connectionEvents(state$: Observable<ConnectionState>): Observable<ConnectionEvent> {
  if (!state$ || typeof state$.subscribe !== 'function') {
    throw new TypeError('connectionEvents: state$ must be an Observable');
  }
  return new Observable<ConnectionEvent>(function (subscriber) {
    let connected = false;
    return state$.subscribe({
      next: function (state: ConnectionState) {
        if (state.status === 'connected') {
          if (connected) return;
          connected = true;
          subscriber.next({ type: 'up', state: state });
        } else if (connected) {
          connected = false;
          subscriber.next({ type: 'down', state: state });
        }
      },
      error: function (err: unknown) {
        subscriber.error(err);
      },
      complete: function () {
        subscriber.complete();
      },
    });
  });
}

function statesOf(state$: Observable<ConnectionState>, type: ConnectionEvent['type']): Observable<ConnectionState> {
  return connectionEvents(state$).pipe(
    filter(function (e: ConnectionEvent) {
      return e.type === type;
    }),
    map(function (e: ConnectionEvent): ConnectionState {
      return e.state;
    }),
  );
}

/**
 * mqtt_as's `client.up`: emits the `'connected'` state each time the connection is
 * (re)established — the place to renew subscriptions a clean session lost.
 * See {@link connectionEvents} for the exact rules.
 *
 * @example
 * ```ts
 * up$(client.state$).subscribe((s) => console.log('connected, session present:', s.sessionPresent));
 * ```
 */
export function up$(state$: Observable<ConnectionState>): Observable<ConnectedState> {
  return statesOf(state$, 'up') as Observable<ConnectedState>;
}

/**
 * mqtt_as's `client.down`: emits the new state each time a connection is lost
 * (`'reconnecting'`) or ended (`'disconnected'`). See {@link connectionEvents}.
 *
 * @example
 * ```ts
 * down$(client.state$).subscribe(() => console.log('WiFi or broker is down.'));
 * ```
 */
export function down$(state$: Observable<ConnectionState>): Observable<NotConnectedState> {
  return statesOf(state$, 'down') as Observable<NotConnectedState>;
}
