import { ackTimeoutError, InFlight, OutboundWindow } from './outbound-window';
import type { Link } from '../connection/link';

/**
 * The outbound window's deadline policy of a client that reconnects (mqtt_async's
 * reasoning): an acknowledgement (PUBACK, SUBACK, UNSUBACK) missing after
 * `responseTimeout` means the link is dead, since TCP does not lose bytes on a live
 * connection, so re-sending on the same connection cannot help. The live session
 * fails with the entry's `MqttTimeoutError` (`PUBACK_TIMEOUT`, ...): the client
 * closes it and reconnects, and the fresh session re-sends what is still in the window.
 *
 * The entry itself stays in the window with a fresh deadline: nothing fails towards
 * the publisher. While no session is up an expired entry just waits again (it is
 * re-sent, with a fresh deadline, when the next session starts).
 *
 * @param currentSession the live session, or null while offline.
 * @returns the `onTimeout` of an {@link OutboundWindow}.
 * @example
 * ```ts
 * const window = new OutboundWindow(scheduler, 10000, presumeLinkDead(() => lifecycle.link));
 * ```
 */
export function presumeLinkDead(currentSession: () => Link | null): (entry: InFlight, window: OutboundWindow) => void {
  return (entry: InFlight, window: OutboundWindow): void => {
    window.restart(entry);
    const session = currentSession();
    if (session !== null && !session.isEnded) session.fail(ackTimeoutError(entry, window.responseTimeout));
  };
}
