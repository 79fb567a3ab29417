import { Observable, ReplaySubject } from 'rxjs';

/**
 * A replaying value holder for `state$`: a `ReplaySubject(1)` that starts with a value.
 * Unlike a `BehaviorSubject`, a store that has ended still replays its last value before
 * completing, so a late observer of a closed client sees `'disconnected'`.
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
  private readonly subject = new ReplaySubject<T>(1);

  /** Replays the current value, then emits every change; completes after {@link end}. */
  readonly value$: Observable<T> = this.subject.asObservable();

  constructor(initial: T) {
    this.subject.next(initial);
  }

  /** Sets and emits a new value; ignored after {@link end}. */
  set(value: T): void {
    this.subject.next(value);
  }

  /** Emits a last value and completes; later calls are ignored. */
  end(last: T): void {
    this.subject.next(last);
    this.subject.complete();
  }
}
