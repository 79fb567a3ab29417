/** Helpers that drive a `Transport` from a test: open it, record what `data$` brings. */
import { firstValueFrom, Subscription, timeout } from 'rxjs';
import type { Connection, Transport } from '../../../lib/client/transport';

/**
 * Opens a connection or rejects after `ms`; the returned `release` unsubscribes (destroys it).
 *
 * @example
 * ```ts
 * const { connection, release } = await openConnection(tcpTransport({ host: '127.0.0.1', port }));
 * ```
 */
export function openConnection(transport: Transport, ms = 5000): Promise<{ connection: Connection; release: () => void }> {
  return new Promise((resolve, reject) => {
    let subscription: Subscription | undefined = undefined;
    subscription = transport
      .open()
      .pipe(timeout({ first: ms }))
      .subscribe({
        next: (connection) => resolve({ connection, release: () => subscription && subscription.unsubscribe() }),
        error: reject,
      });
  });
}

/**
 * The error `transport.open()` fails with, or a rejection if it opens instead.
 *
 * @example
 * ```ts
 * expect(((await openError(transport)) as TransportError).code).toBe('CONNECT_FAILED');
 * ```
 */
export function openError(transport: Transport, ms = 5000): Promise<unknown> {
  return firstValueFrom(transport.open().pipe(timeout({ first: ms }))).then(
    () => {
      throw new Error('the transport opened, but it should have failed');
    },
    (error: unknown) => error,
  );
}

/** What a connection's `data$` delivered: bytes so far and how it ended. */
export interface DataRecord {
  /** Every byte received so far, concatenated. */
  bytes(): number[];
  /** Every chunk, as delivered. */
  chunks: Uint8Array[];
  /** Resolves once at least `count` bytes arrived; rejects after `ms`. */
  waitForBytes(count: number, ms?: number): Promise<number[]>;
  /** Resolves with `'complete'` or the error once `data$` ends; rejects after `ms`. */
  ended(ms?: number): Promise<unknown>;
  stop(): void;
}

/**
 * Subscribes to `connection.data$` once and records what comes.
 *
 * @example
 * ```ts
 * const record = recordData(connection);
 * connection.write(rawConnect('x'));
 * expect(await record.waitForBytes(4)).toEqual(RAW_CONNACK_ACCEPTED);
 * ```
 */
export function recordData(connection: Connection): DataRecord {
  const chunks: Uint8Array[] = [];
  let end: unknown;
  let done = false;
  const bytes = (): number[] => {
    const all: number[] = [];
    for (let i = 0; i < chunks.length; i++) for (let j = 0; j < chunks[i].length; j++) all.push(chunks[i][j]);
    return all;
  };
  const subscription = connection.data$.subscribe({
    next: (chunk) => chunks.push(chunk),
    error: (error: unknown) => {
      end = error;
      done = true;
    },
    complete: () => {
      end = 'complete';
      done = true;
    },
  });
  const poll = <T>(check: () => boolean, value: () => T, ms: number, what: string): Promise<T> => {
    const deadline = Date.now() + ms;
    return new Promise((resolve, reject) => {
      const tick = (): void => {
        if (check()) resolve(value());
        else if (Date.now() > deadline) reject(new Error(what + ' within ' + ms + ' ms; got ' + JSON.stringify(bytes())));
        else setTimeout(tick, 5);
      };
      tick();
    });
  };
  return {
    bytes,
    chunks,
    waitForBytes: (count, ms = 5000) => poll(() => bytes().length >= count, bytes, ms, 'no ' + count + ' bytes'),
    ended: (ms = 5000) => poll(() => done, () => end, ms, 'data$ did not end'),
    stop: () => subscription.unsubscribe(),
  };
}
