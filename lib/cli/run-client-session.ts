import { Observable, EMPTY, ignoreElements, switchMap, take, takeUntil, tap, timeout, throwError, catchError } from 'rxjs';
import { MqttTimeoutError } from '../errors';
import type { ClientOptions, ConnackResult, DisconnectOptions, MqttClient } from '../client/types';
import type { CliIo } from './cli-io';

/** How a {@link runClientSession} ended without an error. */
export type SessionEnd = 'done' | 'interrupted';

/** Extra time the CLI gives `connect()` beyond `responseTimeout` before it gives up itself. */
const CONNECT_GUARD_MARGIN_MS = 5000;
/** How long the CLI waits for a clean DISCONNECT before it lets the process go. */
const DISCONNECT_GUARD_MS = 3000;

/**
 * Connects a client made from `options`, runs `work(client)` until it completes or the
 * user presses Ctrl-C, then disconnects (DISCONNECT, so no will is sent) and resolves
 * `'done'` or `'interrupted'` (`disconnectOptions`: MQTT 5 user properties of the DISCONNECT). Rejects with the first error (refused CONNACK,
 * unreachable broker, refused subscription, ...) after a best-effort disconnect.
 *
 * Bounded: `connect()` is given `responseTimeout` + 5 s before the session fails with
 * `CONNACK_TIMEOUT`; the closing DISCONNECT gets 3 s.
 *
 * @example
 * ```ts
 * const end = await runClientSession(io, options, (client) => client.publish('a/b', 'hi'));
 * ```
 */
export function runClientSession(
  io: CliIo,
  options: ClientOptions,
  work: (client: MqttClient) => Observable<unknown>,
  disconnectOptions?: DisconnectOptions,
): Promise<SessionEnd> {
  const client = io.createClient(options);
  const run$ = guardedConnect(client, options).pipe(
    switchMap(() => work(client)),
    ignoreElements(),
  );
  return new Promise<SessionEnd>((resolve, reject) => {
    let end: SessionEnd = 'done';
    const interrupted$ = io.interrupt$.pipe(
      take(1),
      tap(() => {
        end = 'interrupted';
      }),
    );
    const finish = (failed: boolean, failure?: unknown): void => {
      closeClient(client, disconnectOptions).then(() => (failed ? reject(failure) : resolve(end)));
    };
    run$.pipe(takeUntil(interrupted$)).subscribe({
      error: (error: unknown) => finish(true, error),
      complete: () => finish(false),
    });
  });
}

/**
 * `client.connect()`, failing with `CONNACK_TIMEOUT` if it has not answered within
 * `responseTimeout` + 5 s whatever the transport does, so the CLI never hangs on a
 * broker that accepts TCP and stays silent.
 */
export function guardedConnect(client: MqttClient, options: ClientOptions): Observable<ConnackResult> {
  const guardMs = (options.responseTimeout !== undefined ? options.responseTimeout : 10000) + CONNECT_GUARD_MARGIN_MS;
  return client.connect().pipe(
    timeout({
      first: guardMs,
      with: () => throwError(() => new MqttTimeoutError('CONNACK_TIMEOUT', 'no answer from the broker within ' + guardMs + ' ms', guardMs)),
    }),
  );
}

/**
 * Disconnects, ignoring a failure (the session is over either way); resolves within
 * 3 s even if the DISCONNECT cannot be written.
 */
export function closeClient(client: MqttClient, options?: DisconnectOptions): Promise<void> {
  return new Promise<void>((resolve) => {
    client
      .disconnect(options)
      .pipe(
        timeout({ first: DISCONNECT_GUARD_MS, with: () => EMPTY }),
        catchError(() => EMPTY),
      )
      .subscribe({ complete: () => resolve() });
  });
}
