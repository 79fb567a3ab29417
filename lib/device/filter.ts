import { forward, Observable, OperatorFunction } from './observable';

/**
 * Passes on the values for which `predicate` is true; an exception in `predicate`
 * errors the result. Completes and errors with the source.
 *
 * @example
 * ```js
 * client.topic('sensors/+').pipe(filter(function (m) { return m.payload.length > 0; }))
 * ```
 */
export function filter<T>(predicate: (value: T) => boolean): OperatorFunction<T, T> {
  return (source) =>
    new Observable<T>((subscriber) =>
      forward(source, subscriber, (value) => {
        let pass: boolean;
        try {
          pass = predicate(value);
        } catch (error) {
          subscriber.error(error);
          return;
        }
        if (pass) subscriber.next(value);
      }),
    );
}
