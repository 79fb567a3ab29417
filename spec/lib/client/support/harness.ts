import { map, Observable, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { VirtualBroker, VirtualBrokerOptions } from '../../../../adapters/virtual';
import type { Packet } from '../../../../lib/codec/packet';
import { createClient } from '../../../../lib/client/create-client';
import type { InFlight, OutboundWindow } from '../../../../lib/client/outbound/outbound-window';
import type { ClientOptions, ConnectionState, MqttClient, MqttMessage } from '../../../../lib/client/types';

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

/** A virtual broker and a client connected to it through its transport. */
export function virtualClient(
  options?: Partial<ClientOptions>,
  brokerOptions?: VirtualBrokerOptions,
): { broker: VirtualBroker; client: MqttClient } {
  const broker = new VirtualBroker(brokerOptions);
  const client = createClient(Object.assign({ transport: broker.transport, clientId: 'test-client' }, options));
  return { broker, client };
}

/** One letter per packet type, for marble diagrams of what the broker received. */
export const PACKET_LETTER: { [type: string]: string } = {
  connect: 'C',
  publish: 'P',
  puback: 'A',
  pubrec: 'R',
  pubrel: 'L',
  pubcomp: 'M',
  subscribe: 'S',
  unsubscribe: 'U',
  pingreq: 'p',
  disconnect: 'D',
};

/** The broker's received packets as letters (see {@link PACKET_LETTER}). */
export function receivedLetters(broker: VirtualBroker): Observable<string> {
  return broker.received$.pipe(map((p: Packet) => PACKET_LETTER[p.type]));
}

/** Identity values for a marble of letters: `{ C: 'C', P: 'P', ... }`. */
export const LETTERS: { [k: string]: string } = {};
Object.keys(PACKET_LETTER).forEach((k) => (LETTERS[PACKET_LETTER[k]] = PACKET_LETTER[k]));

/** `state.status`, plus `:CODE` of its error when it has one. */
export function describeState(state: ConnectionState): string {
  const error = (state as { error?: { code?: string } }).error;
  return error ? state.status + ':' + error.code : state.status;
}

/** The client's states as strings (see {@link describeState}). */
export function states(client: MqttClient): Observable<string> {
  return client.state$.pipe(map(describeState));
}

/** `topic` and payload text of a message. */
export function text(message: MqttMessage): string {
  return message.topic + '=' + Buffer.from(message.payload).toString('utf8');
}

/** What an error assertion checks: class name, code, message (and returnCode/reason when present). */
export interface ErrorShape {
  name: string;
  code?: string;
  message: string;
  returnCode?: number;
  reason?: string;
}

/** The {@link ErrorShape} of an error (jest compares Error instances by message only). */
export function shapeOf(error: unknown): ErrorShape {
  const e = error as ErrorShape & { constructor: { name: string } };
  const shape: ErrorShape = { name: e.constructor.name, code: e.code, message: e.message };
  if (e.returnCode !== undefined) shape.returnCode = e.returnCode;
  if (e.reason !== undefined) shape.reason = e.reason;
  return shape;
}

/** Re-throws a stream's error as its {@link ErrorShape}, so marble diagrams compare class and code too. */
export function shaped<T>(source: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) =>
    source.subscribe({
      next: (v) => subscriber.next(v),
      error: (e) => subscriber.error(shapeOf(e)),
      complete: () => subscriber.complete(),
    }),
  );
}

/**
 * Disconnects `client` at `ms` of (virtual) time. Every virtual-time test whose client
 * stays connected needs it: keepalive would otherwise schedule timers forever.
 */
export function disconnectAt(client: MqttClient, ms: number): void {
  timer(ms).subscribe(() => client.disconnect().subscribe({ error: () => undefined }));
}

/** Connects `client` at `ms` of (virtual) time: after the `expectObservable` calls made before it. */
export function connectAt(client: MqttClient, ms: number): void {
  timer(ms).subscribe(() => client.connect().subscribe({ error: () => undefined }));
}
