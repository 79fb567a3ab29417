import { forward, Observable, OperatorFunction } from './observable';

/**
 * Calls `effect(value)` for each value, then passes the value on unchanged; an
 * exception in `effect` errors the result.
 *
 * @example
 * ```js
 * client.topic('cmd').pipe(tap(function (m) { console.log(m.topic); }))
 * ```
 */
export function tap<T>(effect: (value: T) => void): OperatorFunction<T, T> {
  return (source) =>
    new Observable<T>((subscriber) =>
      forward(source, subscriber, (value) => {
        try {
          effect(value);
        } catch (error) {
          subscriber.error(error);
          return;
        }
        subscriber.next(value);
      }),
    );
}
