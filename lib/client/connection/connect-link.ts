import { Observable } from 'rxjs';
import { TransportError } from '../../errors';
import { asTransportError, Link, LinkConfig } from './link';
import type { Transport } from '../transport';

/**
 * One connection attempt as a cold observable: opens the transport, sends CONNECT,
 * and emits the live {@link Link} once the CONNACK accepted it. The session stays
 * up while the observable is subscribed; unsubscribing closes the connection.
 *
 * This is the unit a reconnect policy repeats: `defer(() => connectLink(...))`
 * piped through a retry with backoff gives a stream of sessions, one per successful
 * CONNACK (see `ClientLifecycle`).
 *
 * Never completes. Errors with:
 * - `TransportError` `CONNECT_FAILED` when the transport cannot open;
 * - `ConnectionRefusedError` (`returnCode` 1–5, `reason`) when the CONNACK refuses [MQTT-3.2.2.3];
 * - `MqttTimeoutError` `CONNACK_TIMEOUT` without a CONNACK within `responseTimeout`;
 * - `MqttTimeoutError` `PINGRESP_TIMEOUT` when keepalive finds the link dead;
 * - `TransportError` `CONNECTION_LOST` when the link drops or the broker closes it;
 * - `MqttProtocolError` when the broker breaks the protocol [MQTT-4.8.0-1].
 *
 * @example
 * ```ts
 * connectLink(transport, config).subscribe({
 *   next: (session) => console.log('connected, session present:', session.sessionPresent),
 *   error: (e) => console.log('connection ended:', e.code),
 * });
 * ```
 */
export function connectLink(transport: Transport, config: LinkConfig): Observable<Link> {
  return new Observable<Link>((subscriber) => {
    let session: Link | null = null;
    const opening = transport.open().subscribe({
      next: (connection) => {
        if (session !== null) return;
        session = new Link(connection, config, subscriber);
        session.start();
      },
      error: (error) => subscriber.error(asTransportError(error, 'CONNECT_FAILED', 'cannot connect')),
      complete: () => {
        if (session === null) subscriber.error(new TransportError('CONNECT_FAILED', 'the transport closed before connecting'));
      },
    });
    return () => {
      if (session !== null) session.dispose();
      opening.unsubscribe();
    };
  });
}
