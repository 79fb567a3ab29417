import { TestScheduler } from 'rxjs/testing';
import type { InFlight, OutboundWindow } from '../../../../lib/client/outbound/outbound-window';
import type { MqttMessage } from '../../../../lib/client/types';

/** A TestScheduler asserting with jest's deep equality. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** The entries in `window`, oldest first, as its re-send walk visits them. */
export function inFlight(window: OutboundWindow): InFlight[] {
  const entries: InFlight[] = [];
  window.forEach((entry) => entries.push(entry));
  return entries;
}

/** `topic` and payload text of a message. */
export function text(message: MqttMessage): string {
  return message.topic + '=' + Buffer.from(message.payload).toString('utf8');
}

export { virtualClient, receivedLetters, LETTERS, shaped, connectAt, disconnectAt } from '../../../../lib/testing';
export { statusLabel, statusLabels, errorShape } from '../../../../lib/testing';
export type { ErrorShape } from '../../../../lib/testing';
