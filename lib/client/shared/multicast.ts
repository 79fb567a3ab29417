import { Observable, Subscriber } from 'rxjs';
import { COMPLETED, LIVE } from './stream-end';

/**
 * The part of RxJS's `Subject` the client uses on its per-message paths (inbound messages,
 * per-filter delivery, write activity): an observable that hands each `next`, `error` and
 * `complete` to the observers subscribed at that moment. Kept because it is cheaper where
 * it runs once per message: 0.3-0.6x the time of `Subject.next` with two observers
 * (`npx ts-node -T bench/multicast.bench.ts`); rarer events use RxJS's subjects.
 *
 * Same semantics as `Subject` for those: an observer that subscribes during a `next`
 * does not get that value; one that unsubscribes during it gets nothing more. After
 * `error` or `complete` the calls are ignored, and a new observer gets that error or
 * completion at once. There is no `unsubscribe()`, `lift` or `observed` setter.
 * The observer list is copied when it changes, never per value.
 *
 * @example
 * ```ts
 * const activity = new Multicast<string>();
 * activity.subscribe((event) => console.log(event));
 * activity.next('sent'); // logs 'sent'
 * activity.complete();
 * ```
 */
export class Multicast<T> extends Observable<T> {
  private observers: Subscriber<T>[] = [];
  /** {@link LIVE}, {@link COMPLETED}, or the error it ended with. */
  private end: unknown = LIVE;

  constructor() {
    super((subscriber) => {
      if (this.end !== LIVE) return this.tell(subscriber);
      this.observers = this.observers.concat(subscriber);
      return () => {
        this.observers = this.observers.filter((observer) => observer !== subscriber);
      };
    });
  }

  /** Whether anyone observes it now. */
  get observed(): boolean {
    return this.observers.length > 0;
  }

  /** Emits `value` to the current observers; ignored after `error`/`complete`. */
  next(value: T): void {
    if (this.end !== LIVE) return;
    const observers = this.observers;
    for (let i = 0; i < observers.length; i++) observers[i].next(value);
  }

  /** Errors every current observer and each later one with `error`; once. */
  error(error: unknown): void {
    this.stop(error);
  }

  /** Completes every current observer and each later one; once. */
  complete(): void {
    this.stop(COMPLETED);
  }

  /** An observable of the values that hides `next`, `error` and `complete`. */
  asObservable(): Observable<T> {
    return new Observable<T>((subscriber) => this.subscribe(subscriber));
  }

  private stop(end: unknown): void {
    if (this.end !== LIVE) return;
    const observers = this.observers;
    this.end = end;
    this.observers = [];
    for (let i = 0; i < observers.length; i++) this.tell(observers[i]);
  }

  /** Hands the end to `subscriber`. */
  private tell(subscriber: Subscriber<T>): void {
    if (this.end === COMPLETED) subscriber.complete();
    else subscriber.error(this.end);
  }
}
