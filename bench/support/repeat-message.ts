import type { OutgoingMessage } from '../../lib/client/types';

/**
 * A lazy iterable of `count` messages, all the same `message` object, made one at a
 * time as the consumer pulls (nothing is allocated per message): how the bench offers
 * a burst to `publishAll`, which pulls iterables only as its window and the socket
 * allow.
 *
 * @example
 * ```ts
 * client.publishAll(repeatMessage({ topic: 't', payload, qos: 1 }, 1000000), { maxInFlight: 100 });
 * ```
 */
export function repeatMessage(message: OutgoingMessage, count: number): Iterable<OutgoingMessage> {
  return {
    [Symbol.iterator]() {
      let left = count;
      const step: IteratorResult<OutgoingMessage> = { done: false, value: message };
      const end: IteratorResult<OutgoingMessage> = { done: true, value: undefined };
      return {
        next(): IteratorResult<OutgoingMessage> {
          if (left === 0) return end;
          left--;
          return step;
        },
      };
    },
  };
}
