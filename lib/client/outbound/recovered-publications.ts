import { Observable, Subscriber } from 'rxjs';
import type { PublishPacket } from '../../codec/packet';
import type { MqttError } from '../../errors';
import type { InFlight, InFlightOwner, OutboundWindow } from './outbound-window';
import type { StoredPublication } from '../store/session-store';
import type { OutgoingMessage, PublishResult } from '../types';
import type { ResultObserver } from './publisher';

/**
 * The publications a client found in its store when it was created (a previous process
 * sent them and did not see them completed): they go back into the
 * {@link OutboundWindow} with their packet ids and PUBREL state, are re-sent when the
 * first session starts (see `Publisher.linkStarted`), and their outcomes are told
 * here; so are those of the offline queue's records (`storeOfflineQueue`), which go back
 * into the offline queue (see `Publisher.restore`) and are sent after them without DUP, since nobody holds their `publish()` observables any more.
 *
 * {@link results$} (`client.recovered$`) emits one {@link PublishResult} per recovered
 * publication as it ends (`ok: true` on its PUBACK/PUBCOMP, `ok: false` with the error
 * otherwise, e.g. `PUBACK_TIMEOUT` without reconnect, `CLIENT_CLOSED`), replays the
 * results so far to a late observer, and completes once every recovered publication
 * ended (at once when there were none). Memory: one result per recovered publication.
 *
 * @example
 * ```ts
 * client.recovered$.subscribe((r) => console.log(r.message.topic, r.ok ? 'delivered' : r.error));
 * ```
 */
export class RecoveredPublications implements InFlightOwner {
  /** Publications recovered. */
  readonly count: number;
  private readonly results: PublishResult[] = [];
  private observers: Array<Subscriber<PublishResult>> = [];

  /**
   * Recovered publications whose ids the window already had (none in practice) are skipped.
   * `queued` more come from the store's offline queue records; each reports through {@link observer}.
   */
  constructor(stored: StoredPublication[], window: OutboundWindow, queued = 0) {
    let count = 0;
    for (let i = 0; i < stored.length; i++) {
      const p = stored[i];
      const packet: PublishPacket = {
        type: 'publish',
        topic: p.topic,
        payload: p.payload,
        qos: p.qos,
        retain: p.retain,
        dup: true,
        packetId: p.packetId,
      };
      if (window.adopt(packet, p.released, this, null) !== null) count++;
    }
    this.count = count + queued;
  }

  /** @internal the observer of recovered queued publication `message` (see `Publisher.restore`). */
  observer(message: OutgoingMessage): ResultObserver {
    return {
      next: (result) => this.report(result),
      error: (error) => this.report({ message, ok: false, error: error as Error }),
      complete: () => undefined,
    };
  }

  /** See the class doc. */
  readonly results$ = new Observable<PublishResult>((subscriber) => {
    for (let i = 0; i < this.results.length; i++) subscriber.next(this.results[i]);
    if (this.results.length >= this.count) {
      subscriber.complete();
      return;
    }
    this.observers.push(subscriber);
    return () => {
      const at = this.observers.indexOf(subscriber);
      if (at >= 0) this.observers.splice(at, 1);
    };
  });

  /** @internal its PUBACK or PUBCOMP came. */
  acknowledged(entry: InFlight): void {
    this.ended(entry, null);
  }

  /** @internal it failed (a deadline without reconnect, the client closed). */
  failed(entry: InFlight, error: MqttError): void {
    this.ended(entry, error);
  }

  private ended(entry: InFlight, error: MqttError | null): void {
    const packet = entry.packet as PublishPacket;
    const message = { topic: packet.topic, payload: packet.payload, qos: packet.qos, retain: packet.retain };
    this.report(error === null ? { message, ok: true } : { message, ok: false, error });
  }

  private report(result: PublishResult): void {
    this.results.push(result);
    const observers = this.observers.slice();
    const done = this.results.length >= this.count;
    if (done) this.observers = [];
    for (let i = 0; i < observers.length; i++) {
      observers[i].next(result);
      if (done) observers[i].complete();
    }
  }
}
