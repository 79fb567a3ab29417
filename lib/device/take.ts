import { forward, Observable, OperatorFunction } from './observable';

/**
 * Emits the first `count` values of the source, then completes and unsubscribes from
 * it (so `client.topic(...).pipe(take(1))` sends UNSUBSCRIBE after the first message).
 *
 * @example
 * ```js
 * client.topic('device/config', { qos: 1 }).pipe(take(1)).subscribe(apply);
 * ```
 */
export function take<T>(count: number): OperatorFunction<T, T> {
  if (typeof count !== 'number' || count !== count || count < 0) throw new RangeError('take: count must be a number >= 0');
  return (source) =>
    new Observable<T>((subscriber) => {
      let seen = 0;
      if (count === 0) {
        subscriber.complete();
        return undefined;
      }
      return forward(source, subscriber, (value) => {
        seen++;
        subscriber.next(value);
        if (seen >= count) subscriber.complete(); // its teardown unsubscribes from the source
      });
    });
}
