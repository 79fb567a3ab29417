import type { ConnectionState } from '../../lib/client/types';

/**
 * A connection state as one readable phrase, for the examples' logs:
 * `connecting (attempt 1)`, `connected (session present: no)`,
 * `reconnecting in 250 ms (attempt 2) after: connection lost`, `disconnected`.
 *
 * @example
 * ```ts
 * client.state$.subscribe((state) => console.log('[client] ' + describeState(state)));
 * ```
 */
export function describeState(state: ConnectionState): string {
  switch (state.status) {
    case 'idle':
      return 'idle';
    case 'connecting':
      return 'connecting (attempt ' + state.attempt + ')';
    case 'connected':
      return 'connected (session present: ' + (state.sessionPresent ? 'yes' : 'no') + ')';
    case 'reconnecting':
      return 'reconnecting in ' + Math.round(state.nextDelay) + ' ms (attempt ' + state.attempt + ') after: ' + state.lastError.message;
    case 'disconnected':
      return state.error ? 'disconnected: ' + state.error.message : 'disconnected';
  }
}
