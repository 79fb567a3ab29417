/**
 * The device build's observable core: a minimal Observable with `subscribe` and `pipe`,
 * not RxJS, because RxJS does not fit an Espruino board's 16k variables and leaks there
 * each time a chain completes (the interpreter is the judge, see README "Espruino").
 */

/** What `subscribe` takes: any of the three callbacks. */
export interface Observer<T> {
  next?: (value: T) => void;
  error?: (error: unknown) => void;
  complete?: () => void;
}

/** What `subscribe` returns. */
export interface Unsubscribable {
  unsubscribe(): void;
  readonly closed: boolean;
}

/** A function from one observable to another, for {@link Observable.pipe}. */
export type OperatorFunction<A, B> = (source: Observable<A>) => Observable<B>;

/** The producer of an {@link Observable}: returns what to do on unsubscribe, if anything. */
export type Producer<T> = (subscriber: Subscriber<T>) => (() => void) | void;

const NOOP: Observer<unknown> = {};

/**
 * The observer handed to a producer: once it has errored, completed or been
 * unsubscribed it is closed, passes nothing on and runs its teardown once.
 *
 * @example
 * ```js
 * new Observable(function (s) { s.next(1); s.complete(); s.next(2); }); // 2 is never seen
 * ```
 */
export class Subscriber<T> implements Unsubscribable {
  closed = false;
  /** Set by {@link Observable.subscribe} from the producer's return value. */
  teardown: (() => void) | undefined = undefined;

  constructor(private observer: Observer<T>) {}

  next(value: T): void {
    const next = this.observer.next;
    if (next) next.call(this.observer, value);
  }

  /** Closes, then tells the observer; an error nobody handles is dropped (never thrown on a board). */
  error(error: unknown): void {
    const observer = this.observer;
    if (this.closed) return;
    this.unsubscribe();
    if (observer.error) observer.error(error);
  }

  complete(): void {
    const observer = this.observer;
    if (this.closed) return;
    this.unsubscribe();
    if (observer.complete) observer.complete();
  }

  unsubscribe(): void {
    if (this.closed) return;
    this.closed = true;
    this.observer = NOOP as Observer<T>;
    const teardown = this.teardown;
    this.teardown = undefined;
    if (teardown) teardown();
  }
}

/**
 * A lazy push source: nothing runs until `subscribe`, each subscription runs the
 * producer again, and `unsubscribe` runs the producer's teardown.
 *
 * Emits what the producer passes to `next`; completes or errors once, as the producer says.
 *
 * @example
 * ```js
 * var o = new Observable(function (s) { var t = setTimeout(function () { s.next('hi'); s.complete(); }, 100);
 *   return function () { clearTimeout(t); }; });
 * o.pipe(map(function (x) { return x + '!'; })).subscribe(console.log); // hi!
 * ```
 */
export class Observable<T> {
  constructor(private readonly producer: Producer<T>) {}

  /** Subscribes a callback (for `next`) or an {@link Observer}. */
  subscribe(observer?: Observer<T> | ((value: T) => void)): Unsubscribable {
    const o: Observer<T> = typeof observer === 'function' ? { next: observer } : observer || {};
    const subscriber = new Subscriber<T>(o);
    const teardown = this.producer(subscriber);
    if (teardown) {
      if (subscriber.closed) teardown();
      else subscriber.teardown = teardown;
    }
    return subscriber;
  }

  /** Applies operators left to right: `source.pipe(a, b)` is `b(a(source))`. */
  pipe(): Observable<T>;
  pipe<A>(op1: OperatorFunction<T, A>): Observable<A>;
  pipe<A, B>(op1: OperatorFunction<T, A>, op2: OperatorFunction<A, B>): Observable<B>;
  pipe<A, B, C>(op1: OperatorFunction<T, A>, op2: OperatorFunction<A, B>, op3: OperatorFunction<B, C>): Observable<C>;
  pipe<A, B, C, D>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
    op4: OperatorFunction<C, D>,
  ): Observable<D>;
  pipe(): Observable<unknown> {
    let result: Observable<unknown> = this;
    for (let i = 0; i < arguments.length; i++) result = (arguments[i] as OperatorFunction<unknown, unknown>)(result);
    return result;
  }
}

/**
 * Subscribes `destination` to `source`, passing errors and completion through and
 * values to `next` (for operators); returns the upstream subscription's teardown.
 */
export function forward<A, B>(source: Observable<A>, destination: Subscriber<B>, next: (value: A) => void): () => void {
  const upstream = source.subscribe({
    next: next,
    error: (error) => destination.error(error),
    complete: () => destination.complete(),
  });
  return () => upstream.unsubscribe();
}
