import { forward, Observable, OperatorFunction } from './observable';

/**
 * Emits `project(value)` for each value of the source; an exception in `project`
 * errors the result. Completes and errors with the source.
 *
 * @example
 * ```js
 * client.topic('cfg').pipe(map(function (m) { return rxmqtt.decodeUtf8(m.payload); }))
 * ```
 */
export function map<A, B>(project: (value: A) => B): OperatorFunction<A, B> {
  return (source) =>
    new Observable<B>((subscriber) =>
      forward(source, subscriber, (value) => {
        let result: B;
        try {
          result = project(value);
        } catch (error) {
          subscriber.error(error);
          return;
        }
        subscriber.next(result);
      }),
    );
}
