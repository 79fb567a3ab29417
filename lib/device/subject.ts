import { Observable, Subscriber } from './observable';

/**
 * A long-lived multicast: every value goes to every current observer. With `replay`
 * set, a new observer first gets the latest value (the client's `state$`). `end`
 * errors or completes every observer and the ones that come later.
 *
 * @example
 * ```ts
 * const state = new Subject<string>(true);
 * state.next('idle');
 * state.observable.subscribe(console.log); // idle
 * ```
 */
export class Subject<T> {
  /** Subscribe here: one observable per subject, made once. */
  readonly observable: Observable<T>;
  private observers: Array<Subscriber<T>> = [];
  private hasValue = false;
  private value: T | undefined = undefined;
  /** `undefined` while open, `null` once completed, else the error. */
  private ended: unknown = undefined;

  constructor(private readonly replay?: boolean) {
    this.observable = new Observable<T>((subscriber) => {
      if (this.ended !== undefined) {
        if (this.ended === null) subscriber.complete();
        else subscriber.error(this.ended);
        return undefined;
      }
      this.observers.push(subscriber);
      if (this.hasValue) subscriber.next(this.value as T);
      return () => this.remove(subscriber);
    });
  }

  /** How many observers it has now. */
  observed(): number {
    return this.observers.length;
  }

  next(value: T): void {
    if (this.ended !== undefined) return;
    if (this.replay) {
      this.hasValue = true;
      this.value = value;
    }
    const observers = this.observers;
    // The usual case, one observer, without a copy; else a copy, since observers may leave meanwhile.
    if (observers.length === 1) observers[0].next(value);
    else if (observers.length > 1) {
      const copy = observers.slice();
      for (let i = 0; i < copy.length; i++) copy[i].next(value);
    }
  }

  /** Errors (`error` given) or completes every observer, now and later. */
  end(error?: unknown): void {
    if (this.ended !== undefined) return;
    this.ended = error === undefined ? null : error;
    const observers = this.observers;
    this.observers = [];
    for (let i = 0; i < observers.length; i++) {
      if (error === undefined) observers[i].complete();
      else observers[i].error(error);
    }
  }

  private remove(subscriber: Subscriber<T>): void {
    const i = this.observers.indexOf(subscriber);
    if (i >= 0) this.observers.splice(i, 1);
  }
}
