import { Observable } from 'rxjs';

/** What an error assertion compares: class name, `code`, message, and `returnCode`/`reason` when present. */
export interface ErrorShape {
  name: string;
  code?: string;
  message: string;
  returnCode?: number;
  reason?: string;
}

/**
 * The {@link ErrorShape} of an error. Test frameworks compare `Error` instances by message
 * only; comparing shapes checks the class and the `code` too.
 */
export function errorShape(error: unknown): ErrorShape {
  const e = error as ErrorShape & { constructor: { name: string } };
  const shape: ErrorShape = { name: e.constructor.name, code: e.code, message: e.message };
  if (e.returnCode !== undefined) shape.returnCode = e.returnCode;
  if (e.reason !== undefined) shape.reason = e.reason;
  return shape;
}

/**
 * Mirrors `source`, with its error replaced by the error's {@link ErrorShape}, so a marble
 * diagram's `#` (with the shape as its error value) checks class and code too.
 *
 * @example
 * ```ts
 * expectObservable(shaped(client.connect())).toBe('#', undefined, { name: 'ConnectionRefusedError', code: 'CONNECTION_REFUSED', ... });
 * ```
 */
export function shaped<T>(source: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) =>
    source.subscribe({
      next: (value) => subscriber.next(value),
      error: (error) => subscriber.error(errorShape(error)),
      complete: () => subscriber.complete(),
    }),
  );
}
