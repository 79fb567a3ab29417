import { firstValueFrom, Subscription, timeout } from 'rxjs';
import type { Connection, Transport } from '../../../lib/client/transport';

/**
 * A hand-built MQTT 3.1.1 CONNECT (level 4, clean session, no will, no credentials)
 * for transport-level tests that must not depend on the codec.
 *
 * @example
 * ```ts
 * connection.write(rawConnect('probe'));
 * ```
 */
export function rawConnect(clientId: string, keepalive = 10): Uint8Array {
  const id = Buffer.from(clientId, 'utf8');
  const variable = [0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, keepalive >> 8, keepalive & 0xff, id.length >> 8, id.length & 0xff];
  const remaining = variable.length + id.length;
  if (remaining > 127) throw new RangeError('client id too long for this helper');
  return Uint8Array.from([0x10, remaining].concat(variable, Array.from(id)));
}

/** DISCONNECT: the broker closes the connection after it. */
export const RAW_DISCONNECT = Uint8Array.of(0xe0, 0);

/** CONNACK, session not present, return code 0. */
export const RAW_CONNACK_ACCEPTED = [0x20, 2, 0, 0];

/** Opens a connection or rejects after `ms`; the returned `release` unsubscribes (destroys it). */
export function openConnection(transport: Transport, ms = 5000): Promise<{ connection: Connection; release: () => void }> {
  return new Promise((resolve, reject) => {
    let subscription: Subscription | undefined = undefined;
    subscription = transport
      .open()
      .pipe(timeout(ms))
      .subscribe({
        next: (connection) => resolve({ connection, release: () => subscription && subscription.unsubscribe() }),
        error: reject,
      });
  });
}

/** The error `transport.open()` fails with, or a rejection if it opens instead. */
export function openError(transport: Transport, ms = 5000): Promise<unknown> {
  return firstValueFrom(transport.open().pipe(timeout(ms))).then(
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
