import { map, Observable } from 'rxjs';
import type { VirtualBroker } from '../../adapters/virtual/virtual-broker';
import type { Packet } from '../codec/packet';

/** One letter per packet type a client sends, for marble diagrams of what a broker received. */
export const PACKET_LETTERS: { readonly [type: string]: string } = {
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
  auth: 'T',
};

/** The values of a marble diagram of letters: `{ C: 'C', P: 'P', ... }`. */
export const LETTERS: { readonly [letter: string]: string } = Object.keys(PACKET_LETTERS).reduce(
  (letters: { [letter: string]: string }, type) => {
    letters[PACKET_LETTERS[type]] = PACKET_LETTERS[type];
    return letters;
  },
  {},
);

/**
 * The packets `broker` receives from now on, each as its letter (see {@link PACKET_LETTERS}).
 * Emits as `broker.received$` does; never completes.
 *
 * @example
 * ```ts
 * expectObservable(receivedLetters(broker)).toBe('(CS) 9ms P', LETTERS);
 * ```
 */
export function receivedLetters(broker: VirtualBroker): Observable<string> {
  return broker.received$.pipe(map((packet: Packet) => PACKET_LETTERS[packet.type]));
}
