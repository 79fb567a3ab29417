import { timer } from 'rxjs';
import type { MqttClient } from '../client/types';

/**
 * Connects `client` at `ms` of (virtual) time, ignoring a failure (assert on `state$`
 * instead): call it after the `expectObservable` calls that must see the connection.
 */
export function connectAt(client: MqttClient, ms: number): void {
  timer(ms).subscribe(() => client.connect().subscribe({ error: () => undefined }));
}

/**
 * Disconnects `client` at `ms` of (virtual) time. A virtual-time test whose client keeps a
 * keepalive needs it: the client would otherwise schedule PINGREQs forever and
 * `TestScheduler.run` would not end.
 */
export function disconnectAt(client: MqttClient, ms: number): void {
  timer(ms).subscribe(() => client.disconnect().subscribe({ error: () => undefined }));
}
