import { LIVE } from '../shared/stream-end';
import type { OutgoingMessage } from '../types';

/** {@link MessagePuller.pull}: no message now; the listener's `available()` follows when there is. */
export const PULL_WAIT = 0;
/** {@link MessagePuller.pull}: the source is exhausted. */
export const PULL_END = 1;

/** Hears that a puller which answered {@link PULL_WAIT} can be pulled again. */
export interface PullListener {
  available(): void;
}

/**
 * A pull-based source of messages for `publishAll()`: the caller takes one message at
 * a time, only when it can send it, so nothing is read ahead of the window.
 */
export interface MessagePuller {
  /**
   * The next message, {@link PULL_WAIT} or {@link PULL_END}.
   * @throws what the source throws (or what an async source rejected with)
   */
  pull(): OutgoingMessage | number;
  /** Releases the source early (an iterator's `return()`); idempotent. */
  stop(): void;
}

interface IteratorLike<T> {
  next(): { done?: boolean; value: T };
  return?(): unknown;
}

interface AsyncIteratorLike<T> {
  next(): PromiseLike<{ done?: boolean; value: T }> | { done?: boolean; value: T };
  return?(): unknown;
}

/** Pulls an array or array-like by index. */
class ArrayPuller implements MessagePuller {
  private index = 0;
  constructor(private items: ArrayLike<OutgoingMessage> | null) {}

  pull(): OutgoingMessage | number {
    const items = this.items;
    if (items === null || this.index >= items.length) {
      this.items = null;
      return PULL_END;
    }
    return items[this.index++];
  }

  stop(): void {
    this.items = null;
  }
}

/** Pulls a synchronous iterator. */
class IteratorPuller implements MessagePuller {
  constructor(private iterator: IteratorLike<OutgoingMessage> | null) {}

  pull(): OutgoingMessage | number {
    const iterator = this.iterator;
    if (iterator === null) return PULL_END;
    const step = iterator.next();
    if (step.done) {
      this.iterator = null;
      return PULL_END;
    }
    return step.value;
  }

  stop(): void {
    const iterator = this.iterator;
    this.iterator = null;
    release(iterator);
  }
}

type Step = { done?: boolean; value: OutgoingMessage };

/**
 * Pulls an async iterator: one `next()` at a time, asked for only when a message is
 * wanted. The iterator is dropped once it is done, failed or stopped; an answer that
 * comes after a stop is ignored.
 */
class AsyncPuller implements MessagePuller {
  /** The answer of the `next()` asked for: undefined when none is, null while it is awaited. */
  private answer: Step | null | undefined = undefined;
  /** What the iterator failed with, until a pull throws it; {@link LIVE} otherwise. */
  private failure: unknown = LIVE;
  // two handlers for the whole run, not a closure per message
  private readonly resolved: (step: Step) => void;
  private readonly rejected: (error: unknown) => void;

  constructor(
    private iterator: AsyncIteratorLike<OutgoingMessage> | null,
    private readonly listener: PullListener,
  ) {
    this.resolved = (step) => {
      if (this.iterator === null) return;
      if (step.done) this.iterator = null;
      else this.answer = step;
      this.listener.available();
    };
    this.rejected = (error) => {
      if (this.iterator === null) return;
      this.iterator = null;
      this.failure = error;
      this.listener.available();
    };
  }

  pull(): OutgoingMessage | number {
    const failure = this.failure;
    if (failure !== LIVE) {
      this.failure = LIVE;
      throw failure;
    }
    const answer = this.answer;
    if (this.iterator === null) return PULL_END;
    if (answer === null) return PULL_WAIT;
    if (answer !== undefined) {
      this.answer = undefined;
      return answer.value;
    }
    this.answer = null;
    Promise.resolve(this.iterator.next()).then(this.resolved, this.rejected);
    return PULL_WAIT;
  }

  stop(): void {
    const iterator = this.iterator;
    this.iterator = null;
    this.answer = undefined;
    this.failure = LIVE;
    release(iterator);
  }
}

/** Calls `return()` of an iterator given up on, if it has one; an async one's failure to close is ignored. */
function release(iterator: AsyncIteratorLike<OutgoingMessage> | null): void {
  if (iterator !== null && typeof iterator.return === 'function') {
    // an async generator's return() answers with a promise; nothing to wait for
    const answer = iterator.return() as PromiseLike<unknown> | undefined;
    if (answer && typeof answer.then === 'function') answer.then(undefined, ignore);
  }
}

function ignore(): void {
  // a failure while releasing an abandoned source has nobody left to tell
}

/** `Symbol.iterator` / `Symbol.asyncIterator` where the engine has them (Espruino has no Symbol). */
function symbolKey(name: 'iterator' | 'asyncIterator'): symbol | undefined {
  return typeof Symbol === 'function' ? (Symbol as unknown as { [k: string]: symbol | undefined })[name] : undefined;
}

const ARRAY = 1;
const ITERABLE = 2;
const ASYNC_ITERABLE = 3;

function pullKind(source: unknown): number {
  if (source === null || typeof source !== 'object') return 0;
  const asyncKey = symbolKey('asyncIterator');
  if (asyncKey !== undefined && typeof (source as { [k: symbol]: unknown })[asyncKey] === 'function') return ASYNC_ITERABLE;
  if (typeof (source as ArrayLike<unknown>).length === 'number') return ARRAY;
  const key = symbolKey('iterator');
  if (key !== undefined && typeof (source as { [k: symbol]: unknown })[key] === 'function') return ITERABLE;
  return 0;
}

/** Whether {@link messagePuller} can pull `source` (without touching it). */
export function isPullable(source: unknown): boolean {
  return pullKind(source) !== 0;
}

/**
 * A {@link MessagePuller} for an array or array-like (pulled by index), an iterable
 * (its iterator's `next()`) or an async iterable (one `next()` at a time, asked for
 * only when a message is wanted; `listener.available()` says when it came); `null` for
 * anything else (an observable is pushed instead).
 *
 * @example
 * ```ts
 * const puller = messagePuller([{ topic: 't', payload: 'a' }], listener)!;
 * puller.pull(); // { topic: 't', payload: 'a' }
 * puller.pull(); // PULL_END
 * ```
 */
export function messagePuller(source: unknown, listener: PullListener): MessagePuller | null {
  switch (pullKind(source)) {
    case ASYNC_ITERABLE:
      return new AsyncPuller((source as AsyncIterable<OutgoingMessage>)[Symbol.asyncIterator](), listener);
    case ARRAY:
      return new ArrayPuller(source as ArrayLike<OutgoingMessage>);
    case ITERABLE:
      return new IteratorPuller((source as Iterable<OutgoingMessage>)[Symbol.iterator]());
    default:
      return null;
  }
}
