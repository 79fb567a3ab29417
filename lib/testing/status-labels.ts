import { map, Observable } from 'rxjs';
import type { ConnectionState, MqttClient } from '../client/types';

/**
 * A connection state as a short label for marble values: its `status`, plus `:CODE` of
 * the error that ended the client (`'disconnected:CONNECTION_REFUSED'`).
 */
export function statusLabel(state: ConnectionState): string {
  const error = state.status === 'disconnected' ? (state.error as { code?: string } | undefined) : undefined;
  return error ? state.status + ':' + error.code : state.status;
}

/**
 * `client.state$` as {@link statusLabel}s: replays the current state, then every change.
 *
 * @example
 * ```ts
 * expectObservable(statusLabels(client)).toBe('(ab)', { a: 'idle', b: 'connecting' });
 * ```
 */
export function statusLabels(client: MqttClient): Observable<string> {
  return client.state$.pipe(map(statusLabel));
}
