import type { OutgoingMessage } from './types';

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
    if (iterator !== null && typeof iterator.return === 'function') iterator.return();
  }
}

const IDLE = 0;
const REQUESTED = 1;
const READY = 2;
const FAILED = 3;
const DONE = 4;

/** Pulls an async iterator: one `next()` at a time, asked for only when a message is wanted. */
class AsyncPuller implements MessagePuller {
  private state = IDLE;
  private value: OutgoingMessage | undefined = undefined;
  private error: unknown = null;
  // two handlers for the whole run, not a closure per message
  private readonly resolved: (step: { done?: boolean; value: OutgoingMessage }) => void;
  private readonly rejected: (error: unknown) => void;

  constructor(
    private iterator: AsyncIteratorLike<OutgoingMessage> | null,
    private readonly listener: PullListener,
  ) {
    this.resolved = (step) => {
      if (this.state !== REQUESTED) return;
      if (step.done) {
        this.state = DONE;
        this.iterator = null;
      } else {
        this.state = READY;
        this.value = step.value;
      }
      this.listener.available();
    };
    this.rejected = (error) => {
      if (this.state !== REQUESTED) return;
      this.state = FAILED;
      this.error = error;
      this.iterator = null;
      this.listener.available();
    };
  }

  pull(): OutgoingMessage | number {
    switch (this.state) {
      case READY: {
        const value = this.value as OutgoingMessage;
        this.value = undefined;
        this.state = IDLE;
        return value;
      }
      case IDLE:
        this.state = REQUESTED;
        Promise.resolve((this.iterator as AsyncIteratorLike<OutgoingMessage>).next()).then(this.resolved, this.rejected);
        return PULL_WAIT;
      case FAILED:
        this.state = DONE;
        throw this.error;
      case DONE:
        return PULL_END;
      default:
        return PULL_WAIT;
    }
  }

  stop(): void {
    const iterator = this.iterator;
    this.iterator = null;
    this.state = DONE;
    this.value = undefined;
    if (iterator !== null && typeof iterator.return === 'function') {
      // an async generator's return() answers with a promise; nothing to wait for
      const answer = iterator.return() as PromiseLike<unknown> | undefined;
      if (answer && typeof answer.then === 'function') answer.then(undefined, ignore);
    }
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
