import { asapScheduler, type MonoTypeOperatorFunction, Observable, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * A bounded queue between a fast source and a slow observer, as mqtt_as's
 * `queue_len` with its `discards` counter: values from the source wait in a ring of
 * at most `limit` and are handed on one per task of `scheduler` (default
 * `asapScheduler`, one microtask each). When a value arrives with the queue full, the
 * oldest waiting value is dropped and `onDrop(drops, dropped)` is told the running
 * total of drops of this subscription and the value lost. So a synchronous burst of
 * N values delivers only the last `limit`, and work queued between two deliveries
 * (network events, timers) competes with the queue instead of growing it.
 *
 * Emits: the source's values, in order, minus the dropped ones, asynchronously.
 * Completes / errors: as the source does, after the values still waiting.
 *
 * @param limit most values waiting, a whole number >= 1.
 * @param onDrop told `(drops, value)` for each dropped value; an error it throws ends
 *   the stream with that error.
 * @param scheduler where deliveries run.
 * @throws TypeError/RangeError at call time for bad arguments.
 *
 * @example
 * ```ts
 * let discards = 0;
 * client.messages$.pipe(dropOldest(10, (n) => (discards = n))).subscribe(slowHandler);
 * ```
 */
export function dropOldest<T>(
  limit: number,
  onDrop?: (drops: number, value: T) => void,
  scheduler?: SchedulerLike,
): MonoTypeOperatorFunction<T> {
  if (typeof limit !== 'number' || limit !== limit) {
    throw new TypeError('dropOldest: limit must be a number, got ' + String(limit));
  }
  if (limit < 1 || Math.floor(limit) !== limit || limit === Infinity) {
    throw new RangeError('dropOldest: limit must be a whole number >= 1, got ' + limit);
  }
  if (onDrop !== undefined && typeof onDrop !== 'function') {
    throw new TypeError('dropOldest: onDrop must be a function, got ' + typeof onDrop);
  }
  if (scheduler !== undefined && (scheduler === null || typeof scheduler.schedule !== 'function')) {
    throw new TypeError('dropOldest: scheduler must be a SchedulerLike');
  }
  const on = scheduler || asapScheduler;

  return function (source: Observable<T>): Observable<T> {
    return new Observable<T>(function (subscriber) {
      const ring: T[] = [];
      let head = 0;
      let count = 0;
      let drops = 0;
      let action: Subscription | null = null;
      let ended = false;
      let failed = false;
      let failure: unknown;

      function finish(): void {
        if (failed) subscriber.error(failure);
        else subscriber.complete();
      }

      function deliver(this: SchedulerAction<void>): void {
        const value = ring[head];
        ring[head] = undefined as unknown as T;
        head = (head + 1) % limit;
        count--;
        if (count > 0) this.schedule();
        else action = null;
        subscriber.next(value);
        if (count === 0 && ended && action === null) finish();
      }

      const subscription = source.subscribe({
        next: function (value: T) {
          if (count === limit) {
            const dropped = ring[head];
            ring[head] = value;
            head = (head + 1) % limit;
            drops++;
            if (onDrop) {
              try {
                onDrop(drops, dropped);
              } catch (err) {
                subscriber.error(err);
              }
            }
            return;
          }
          ring[(head + count) % limit] = value;
          count++;
          if (action === null) action = on.schedule(deliver);
        },
        error: function (err: unknown) {
          ended = true;
          failed = true;
          failure = err;
          if (count === 0) finish();
        },
        complete: function () {
          ended = true;
          if (count === 0) finish();
        },
      });
      return function () {
        subscription.unsubscribe();
        if (action !== null) action.unsubscribe();
        action = null;
        ring.length = 0;
        count = 0;
      };
    });
  };
}
