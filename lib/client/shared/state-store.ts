import { Observable } from 'rxjs';
import { Multicast } from './multicast';

/**
 * A replaying value holder: the current value, readable synchronously, and an
 * observable that replays it to every new observer and then follows changes.
 * Unlike a `BehaviorSubject`, a store that has ended still replays its last value
 * before completing, so a late observer of a closed client sees `'disconnected'`.
 *
 * @example
 * ```ts
 * const store = new StateStore<ConnectionState>({ status: 'idle' });
 * store.value$.subscribe((s) => console.log(s.status)); // 'idle'
 * store.set({ status: 'connecting', attempt: 1 });        // 'connecting'
 * store.end({ status: 'disconnected' });                  // 'disconnected', then complete
 * ```
 */
export class StateStore<T> {
  private readonly subject = new Multicast<T>();
  private current: T;
  private ended = false;

  /** Replays the current value, then emits every change; completes after {@link end}. */
  readonly value$: Observable<T>;

  constructor(initial: T) {
    this.current = initial;
    // What ReplaySubject(1) does, hand-rolled because RxJS's Subject and ReplaySubject cost
    // the browser bundle 801 B gzipped: register the observer first (so a value set from
    // inside its replay reaches it too), replay the current value, complete if ended.
    this.value$ = new Observable<T>((subscriber) => {
      if (!this.ended) this.subject.subscribe(subscriber);
      subscriber.next(this.current);
      if (this.ended) subscriber.complete();
    });
  }

  /** Sets and emits a new value; ignored after {@link end}. */
  set(value: T): void {
    if (this.ended) return;
    this.current = value;
    this.subject.next(value);
  }

  /** Emits a last value and completes; later calls are ignored. */
  end(last: T): void {
    if (this.ended) return;
    this.set(last);
    this.ended = true;
    this.subject.complete();
  }
}
