import { asyncScheduler, type MonoTypeOperatorFunction, Observable, type SchedulerLike } from 'rxjs';

/** Options of {@link dedupe}. */
export interface DedupeOptions<T> {
  /** How many recent distinct values are remembered (default 100); bounds the memory. */
  windowSize?: number;
  /** Forget a value this many ms after it was first seen (default: only `windowSize` bounds). */
  windowTime?: number;
  /**
   * What makes two values equal. Default: the same `topic` and the same `payload`
   * bytes (qos, retain and dup are ignored).
   */
  key?: (value: T) => string;
  /** Clock for `windowTime` (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
}

/** What the default key of {@link dedupe} compares: an `MqttMessage` or anything like it. */
export interface TopicPayload {
  topic: string;
  payload: Uint8Array;
}

// FNV-1a, 32 bits, multiplication by the FNV prime written as shifts (exact in doubles).
function fnv(h: number, c: number): number {
  h ^= c;
  return (h + (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24)) >>> 0;
}

function messageHash(m: TopicPayload): string {
  let h = 0x811c9dc5;
  const t = m.topic;
  for (let i = 0; i < t.length; i++) h = fnv(h, t.charCodeAt(i));
  h = fnv(h, 0xffff); // separator: "ab"+[c] differs from "a"+[b,c]
  const p = m.payload;
  for (let i = 0; i < p.length; i++) h = fnv(h, p[i]);
  return h + ':' + p.length;
}

function sameMessage(a: TopicPayload, b: TopicPayload): boolean {
  if (a.topic !== b.topic || a.payload.length !== b.payload.length) return false;
  const x = a.payload;
  const y = b.payload;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function checkWhole(name: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || value !== value) {
    throw new TypeError('dedupe: ' + name + ' must be a number, got ' + String(value));
  }
  if (value < min || (value !== Infinity && Math.floor(value) !== value) || (name === 'windowSize' && value === Infinity)) {
    throw new RangeError('dedupe: ' + name + ' must be a whole number >= ' + min + ', got ' + value);
  }
}

/**
 * Drops a value equal to one seen recently: QoS 1 delivers "at least once", and both
 * mqtt_as and mqtt_async leave duplicates to the application; this makes it one line.
 * Remembers at most `windowSize` distinct values (a ring buffer, oldest forgotten first)
 * and, with `windowTime`, only those first seen less than `windowTime` ms ago. A
 * dropped duplicate does not extend its original's time in the window. Memory is
 * bounded by `windowSize`: the default key keeps references to the last messages.
 *
 * Emits: each source value not equal to a remembered one, unchanged.
 * Completes / errors: when the source does.
 *
 * @throws TypeError/RangeError at call time for a bad option.
 *
 * @example
 * ```ts
 * client.topic('sensors/#', { qos: 1 }).pipe(dedupe({ windowSize: 50, windowTime: 60000 }))
 * readings$.pipe(dedupe({ key: (r) => r.deviceId + '/' + r.seq }))
 * ```
 */
export function dedupe<T extends TopicPayload>(options?: DedupeOptions<T>): MonoTypeOperatorFunction<T>;
export function dedupe<T>(options: DedupeOptions<T> & { key: (value: T) => string }): MonoTypeOperatorFunction<T>;
export function dedupe<T>(options?: DedupeOptions<T>): MonoTypeOperatorFunction<T> {
  const opts: DedupeOptions<T> = options === undefined ? {} : options;
  if (opts === null || typeof opts !== 'object') throw new TypeError('dedupe: options must be an object');
  checkWhole('windowSize', opts.windowSize, 1);
  checkWhole('windowTime', opts.windowTime, 0);
  if (opts.key !== undefined && typeof opts.key !== 'function') {
    throw new TypeError('dedupe: key must be a function, got ' + typeof opts.key);
  }
  if (opts.scheduler !== undefined && (opts.scheduler === null || typeof opts.scheduler.now !== 'function')) {
    throw new TypeError('dedupe: scheduler must be a SchedulerLike');
  }
  const size = opts.windowSize === undefined ? 100 : opts.windowSize;
  const windowTime = opts.windowTime;
  const keyOf = opts.key;
  const clock = opts.scheduler || asyncScheduler;

  return function (source: Observable<T>): Observable<T> {
    return new Observable<T>(function (subscriber) {
      // Ring of the remembered values, oldest at `head`; `index` counts ring entries per key.
      const keys: string[] = [];
      const values: T[] = [];
      const times: number[] = [];
      let head = 0;
      let count = 0;
      let index: { [k: string]: number } = {};

      function forgetOldest(): void {
        const k = keys[head];
        if (--index[k] === 0) delete index[k];
        values[head] = undefined as unknown as T; // let the message be collected
        head = (head + 1) % size;
        count--;
      }

      function isDuplicate(k: string, value: T): boolean {
        if (index[k] === undefined) return false;
        if (keyOf) return true;
        for (let n = 0; n < count; n++) {
          const i = (head + n) % size;
          if (keys[i] === k && sameMessage(values[i] as unknown as TopicPayload, value as unknown as TopicPayload)) {
            return true;
          }
        }
        return false;
      }

      const subscription = source.subscribe({
        next: function (value: T) {
          let k: string;
          let now = 0;
          try {
            if (windowTime !== undefined) {
              now = clock.now();
              while (count > 0 && now - times[head] >= windowTime) forgetOldest();
            }
            // '$' prefix: a key like "__proto__" must stay an ordinary property.
            k = '$' + (keyOf ? keyOf(value) : messageHash(value as unknown as TopicPayload));
            if (isDuplicate(k, value)) return;
          } catch (err) {
            subscriber.error(err);
            return;
          }
          if (count === size) forgetOldest();
          const tail = (head + count) % size;
          keys[tail] = k;
          values[tail] = keyOf ? (undefined as unknown as T) : value;
          times[tail] = now;
          index[k] = (index[k] || 0) + 1;
          count++;
          subscriber.next(value);
        },
        error: function (err: unknown) {
          subscriber.error(err);
        },
        complete: function () {
          subscriber.complete();
        },
      });
      return function () {
        subscription.unsubscribe();
        keys.length = 0;
        values.length = 0;
        times.length = 0;
        index = {};
      };
    });
  };
}
