import { checkInteger } from '../arg-checks';
import { QueueOverflowError } from '../errors';
import type { OutgoingMessage, PublishResult } from './device-types';
import { Observable, Unsubscribable } from './observable';

/** Options of `publishAll` on a device. */
export interface PublishAllOptions {
  /** Most QoS 1 messages sent and not yet acknowledged, 1–65535 (default 10). */
  maxInFlight?: number;
  /** Most messages an observable source may push ahead of the window (default 100); more ends the stream with `QUEUE_OVERFLOW`. */
  bufferSize?: number;
}

/**
 * The streaming publish of mqtt_async (`sync=False`) for the device client: sends up
 * to `maxInFlight` messages before the first PUBACK, emits one {@link PublishResult}
 * per message in the source's order (a failure is a result with `ok: false`), and
 * completes after the last. An array is pulled as the window allows; an observable
 * pushes into a buffer of `bufferSize`.
 *
 * @param send hands one message to the client; calls `done` once with its result
 * @example
 * ```js
 * client.publishAll([{ topic: 't', payload: '1', qos: 1 }, { topic: 't', payload: '2', qos: 1 }], { maxInFlight: 2 })
 *   .subscribe(function (r) { console.log(r.ok); });
 * ```
 */
export function publishAll(
  source: ArrayLike<OutgoingMessage> | Observable<OutgoingMessage>,
  options: PublishAllOptions | undefined,
  send: (message: OutgoingMessage, done: (result: PublishResult) => void) => void,
): Observable<PublishResult> {
  const o = options || {};
  const maxInFlight = o.maxInFlight === undefined ? 10 : checkInteger(o.maxInFlight, 1, 65535, 'maxInFlight');
  const bufferSize = o.bufferSize === undefined ? 100 : checkInteger(o.bufferSize, 0, 1000000, 'bufferSize');
  const pushed = source instanceof Observable;
  if (!pushed && (source === null || typeof source !== 'object' || typeof (source as ArrayLike<OutgoingMessage>).length !== 'number')) {
    throw new TypeError('publishAll takes an array or an observable of messages');
  }
  return new Observable<PublishResult>((subscriber) => {
    const slots: Array<{ result: PublishResult | null }> = [];
    const buffer: OutgoingMessage[] = [];
    let next = 0; // next index of an array source
    let sending = 0;
    let sourceDone = !pushed;
    let pumping = false;
    let upstream: Unsubscribable | null = null;

    const take = (): OutgoingMessage | undefined => {
      if (pushed) return buffer.shift();
      const array = source as ArrayLike<OutgoingMessage>;
      return next < array.length ? array[next++] : undefined;
    };
    // Emits the results at the head that are in, then sends while the window has room.
    const pump = (): void => {
      if (pumping) return;
      pumping = true;
      for (;;) {
        while (slots.length > 0 && slots[0].result !== null) subscriber.next((slots.shift() as { result: PublishResult }).result);
        if (subscriber.closed || sending >= maxInFlight) break;
        const message = take();
        if (message === undefined) break;
        const slot: { result: PublishResult | null } = { result: null };
        slots.push(slot);
        sending++;
        send(message, (result) => {
          slot.result = result;
          sending--;
          pumping = false;
          pump();
        });
      }
      pumping = false;
      const empty = pushed ? buffer.length === 0 : next >= (source as ArrayLike<OutgoingMessage>).length;
      if (sourceDone && empty && slots.length === 0) subscriber.complete();
    };

    if (pushed) {
      upstream = (source as Observable<OutgoingMessage>).subscribe({
        next: (message) => {
          if (buffer.length >= bufferSize + maxInFlight) {
            subscriber.error(new QueueOverflowError('publishAll', 'more than ' + (bufferSize + maxInFlight) + ' messages waiting'));
            return;
          }
          buffer.push(message);
          pump();
        },
        error: (error) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          pump();
        },
      });
    } else pump();
    return () => {
      if (upstream) upstream.unsubscribe();
    };
  });
}
