import { MqttError, QueueOverflowError } from '../lib/errors';
import { Observable } from '../lib/device/observable';
import type { PublishResult } from '../lib/device/device-types';
import { binaryOfBytes, bytesOfBinary, decodeUtf8, utf8Bytes } from '../lib/device/text';

/** What the queue uses of Espruino's `require('Storage')` (flash files). */
export interface EspruinoStorage {
  write(name: string, data: string): boolean;
  read(name: string): string | undefined;
  erase(name: string): void;
  list(pattern?: RegExp): string[];
}

/** What the queue uses of the device client (`require('rxmqtt').createClient(...)`). */
export interface StorageQueueClient {
  publish(topic: string, payload: string | Uint8Array, options?: { qos?: 0 | 1; retain?: boolean }): Observable<PublishResult>;
}

/** Options of {@link storageQueue}. */
export interface StorageQueueOptions {
  /** Start of the Storage file names (default `'mq.'`); a file is the prefix and a sequence number in base 36. */
  prefix?: string;
  /** Most publications kept at once (default 32); more are refused with `QUEUE_OVERFLOW`. */
  limit?: number;
  /** The Storage module (default `require('Storage')`). */
  storage?: EspruinoStorage;
}

/** QoS 1 publications kept in flash until their PUBACK, re-sent by the next run. */
export interface StorageQueue {
  /**
   * Publishes at QoS 1 through the client, writing the publication to a Storage file first
   * (when subscribed) and erasing it on its PUBACK. Emits the result and completes like
   * `client.publish`; errors with `QUEUE_OVERFLOW` past `limit`, `STORE_FAILED` when the
   * flash write fails (full), or with the client's error (the file stays: re-sent next run).
   */
  publish(topic: string, payload: string | Uint8Array, options?: { retain?: boolean }): Observable<PublishResult>;
  /**
   * Re-sends, oldest first, what a previous run left in Storage (found when the queue was
   * made); call it once `client.connect()` is subscribed. Emits one result each (payload as
   * bytes; an unreadable file is a result with `ok: false` and `STORE_FAILED`, and erased)
   * and completes when all ended.
   */
  resend(): Observable<PublishResult>;
  /** Publications in Storage now. */
  pending(): number;
}

declare const require: (name: string) => unknown;

/** Where a publication's outcome goes (a subscriber, or resend's collector). */
interface Target {
  next(result: PublishResult): void;
  error(error: unknown): void;
  complete(): void;
}

/** A record: flags (bit 0 retain), the topic's UTF-8 length (2 bytes), the topic, the payload bytes. */
function encodeRecord(topic: string, payload: Uint8Array, retain: boolean): string {
  const t = utf8Bytes(topic);
  const out = new Uint8Array(3 + t.length + payload.length);
  out[0] = retain ? 1 : 0;
  out[1] = t.length >> 8;
  out[2] = t.length & 255;
  out.set(t, 3);
  out.set(payload, 3 + t.length);
  return binaryOfBytes(out);
}

/**
 * The publications of the device client, kept in Espruino's `Storage` (flash) until their
 * PUBACK, so that a board that resets, loses power or is reflashed with the same files
 * re-sends them on its next run (at-least-once across restarts; the client itself keeps
 * them only in RAM). A separate module (`dist/rxmqtt-storage.espruino.js`, saved as
 * `rxmqtt-storage`): the device client does not grow for boards that do not use it.
 * One Storage file per publication: flash is written once per publication and its space
 * taken back only when Storage compacts (see the README for wear and size).
 *
 * @example
 * ```js
 * var client = require('rxmqtt').createClient({ url: 'mqtt://192.168.1.10', clientId: 'esp32', clean: false });
 * var queue = require('rxmqtt-storage').storageQueue(client);
 * client.connect().subscribe({ error: function (e) { console.log(e.code); } });
 * queue.resend().subscribe({ next: function (r) { console.log('re-sent', r.ok); } });
 * queue.publish('esp32/temperature', '21.5').subscribe();
 * ```
 */
export function storageQueue(client: StorageQueueClient, options?: StorageQueueOptions): StorageQueue {
  const prefix = (options && options.prefix) || 'mq.';
  const limit = (options && options.limit) || 32;
  const load = require; // called through a variable: the build leaves Espruino's built-in module alone
  const storage = (options && options.storage) || (load('Storage') as EspruinoStorage);
  const found = storage.list().filter((name) => name.indexOf(prefix) === 0 && /^[0-9a-z]+$/.test(name.substring(prefix.length)));
  const seqOf = (name: string): number => parseInt(name.substring(prefix.length), 36);
  found.sort((a, b) => seqOf(a) - seqOf(b));
  let next = found.length > 0 ? seqOf(found[found.length - 1]) + 1 : 0;
  let count = found.length;

  const forget = (name: string): void => {
    storage.erase(name);
    count--;
  };

  /** Publishes through the client; the file `name` is erased on its PUBACK. */
  const send = (name: string, source: Observable<PublishResult>, subscriber: Target): (() => void) => {
    const inner = source.subscribe({
      next: (result) => {
        if (result.ok) forget(name);
        subscriber.next(result);
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => inner.unsubscribe();
  };

  return {
    publish(topic: string, payload: string | Uint8Array, publishOptions?: { retain?: boolean }): Observable<PublishResult> {
      const retain = !!(publishOptions && publishOptions.retain);
      const source = client.publish(topic, payload, { qos: 1, retain: retain }); // checks the arguments now
      return new Observable<PublishResult>((subscriber) => {
        if (count >= limit) {
          subscriber.error(new QueueOverflowError('storage', 'the Storage queue holds ' + limit + ' publications already'));
          return undefined;
        }
        const name = prefix + (next++).toString(36);
        let written = false;
        try {
          written = storage.write(name, encodeRecord(topic, typeof payload === 'string' ? utf8Bytes(payload) : payload, retain)) !== false;
        } catch (e) {
          written = false;
        }
        if (!written) {
          subscriber.error(new MqttError('STORE_FAILED', 'Storage could not write ' + name + ' (flash full?)'));
          return undefined;
        }
        count++;
        return send(name, source, subscriber);
      });
    },

    resend(): Observable<PublishResult> {
      const names = found.splice(0, found.length);
      return new Observable<PublishResult>((subscriber) => {
        let open = names.length;
        const ended = (): void => {
          if (--open === 0) subscriber.complete();
        };
        if (open === 0) subscriber.complete();
        for (let i = 0; i < names.length; i++) {
          const name = names[i];
          const data = storage.read(name);
          const bytes = data === undefined ? new Uint8Array(0) : bytesOfBinary(data);
          const topicLength = bytes.length >= 3 ? (bytes[1] << 8) | bytes[2] : -1;
          if (topicLength < 1 || 3 + topicLength > bytes.length) {
            forget(name);
            subscriber.next({ message: { topic: '', payload: bytes, qos: 1 }, ok: false, error: new MqttError('STORE_FAILED', 'Storage file ' + name + ' is unreadable') });
            ended();
            continue;
          }
          const topic = decodeUtf8(bytes, 3, 3 + topicLength);
          const source = client.publish(topic, bytes.subarray(3 + topicLength), { qos: 1, retain: (bytes[0] & 1) === 1 });
          send(name, source, {
            next: (result) => subscriber.next(result),
            error: (error) => {
              subscriber.next({ message: { topic: topic, payload: bytes.subarray(3 + topicLength), qos: 1 }, ok: false, error: error });
              ended();
            },
            complete: ended,
          });
        }
        return undefined;
      });
    },

    pending: () => count,
  };
}
