import { Observable, SchedulerLike, Subscriber, Subscription } from 'rxjs';
import { encodeUtf8 } from '../../codec/utf8';
import { ClientClosedError, MqttError, QueueOverflowError } from '../../errors';
import { checkFlags } from './publisher';
import { MessagePuller, messagePuller, PULL_END, PULL_WAIT, PullListener } from './message-puller';
import { AckPacket, DETACHED_OWNER, InFlight, InFlightOwner, OutboundWindow, WindowPlaceWaiter } from './outbound-window';
import { DELIVERED, FAILED, PublishSlot, SENT, SlotOwner, SlotRing } from './publish-slots';
import type { Link } from '../connection/link';
import { COMPLETED, LIVE } from '../shared/stream-end';
import type { ConnectionState, OutgoingMessage, PublishResult, PublishSource } from '../types';
import type { WritableWaiter } from '../connection/write-batcher';
import { publicationError, refusal } from './publish-v5';

/** What a `publishAll()` run needs of its client. */
export interface PublishAllHost {
  readonly window: OutboundWindow;
  /** The live session, or null while not connected. */
  link(): Link | null;
  /** The error of a closed client, or null while it lives. */
  closed(): MqttError | null;
  /** The client's state: a run resumes on `'connected'` and ends when it completes. */
  readonly state$: Observable<ConnectionState>;
  /** Where a run that sent a long synchronous stretch continues. */
  readonly scheduler: SchedulerLike;
}

/** How the run is configured (already checked). */
export interface PublishAllLimits {
  maxInFlight: number;
  bufferSize: number;
}

/** Most messages sent in one go before the run lets other work (I/O, timers) in. */
const SENDS_PER_TURN = 4096;

/**
 * One subscription of `publishAll()`: takes messages from the source only as the
 * window allows, sends them, and emits one result per message in source order.
 * Event-driven with plain calls: acknowledgements (the window), writes and drains (the
 * session's batcher), pulled sources becoming ready, and `'connected'` states all end
 * in {@link work}, which sends what may leave and emits what is settled. Nothing is
 * allocated per message but the encoded packet, the window entry and the result.
 */
export class PublishAllRun implements InFlightOwner, SlotOwner, PullListener, WritableWaiter, WindowPlaceWaiter {
  private readonly ring: SlotRing = new SlotRing(this);
  private readonly capacity: number;
  private inFlight = 0;
  private puller: MessagePuller | null = null;
  private sourceSubscriber: Subscriber<OutgoingMessage> | null = null;
  /** {@link LIVE}, {@link COMPLETED}, or the error the source failed with. */
  private sourceEnd: unknown = LIVE;
  private stateSubscription: Subscription | null = null;
  private waitingOn: Link | null = null;
  private continuation: Subscription | null = null;
  private finished = false;
  private busy = false;
  private again = false;
  private sends = 0;

  constructor(
    private readonly host: PublishAllHost,
    private readonly limits: PublishAllLimits,
    private readonly subscriber: Subscriber<PublishResult>,
  ) {
    this.capacity = limits.maxInFlight + limits.bufferSize;
  }

  /** Subscribes `messages` when `pushed` (an observable), else pulls it (see `messagePuller`). */
  start(messages: PublishSource, pushed: boolean): void {
    const closed = this.host.closed();
    if (closed !== null) return this.abort(closed);
    this.stateSubscription = this.host.state$.subscribe({
      next: (state) => {
        if (state.status === 'connected') this.work();
      },
      complete: () => this.abort(this.host.closed() || new ClientClosedError()),
    });
    if (this.finished) return;
    if (pushed) this.subscribeSource(messages as Observable<OutgoingMessage>);
    else this.puller = messagePuller(messages, this);
    this.work();
  }

  /** Unsubscribed: stops intake and takes this run's messages out of the window. */
  cancel(): void {
    this.teardown(true);
  }

  /** @internal a pulled source has a message (or its end) ready. */
  available(): void {
    this.work();
  }

  /** @internal the transport drained. */
  writable(): void {
    this.waitingOn = null;
    this.work();
  }

  /** @internal a place in the client's window came free (QoS 2, or MQTT 5 Receive Maximum). */
  placeFreed(): void {
    this.work();
  }

  /** @internal the PUBACK (PUBCOMP) of a slot's message; on MQTT 5 a PUBACK or PUBREC of 0x80 and above refused it. */
  acknowledged(entry: InFlight, ack: AckPacket): void {
    const code = ack.type === 'puback' || ack.type === 'pubrec' ? ack.reasonCode : undefined;
    const refused = code !== undefined && code >= 0x80 ? refusal(code, ack.type, ack.properties && ack.properties.reasonString) : null;
    this.settle(entry.tag as PublishSlot, refused);
  }

  /** @internal no PUBACK in time, or the client closed. */
  failed(entry: InFlight, error: MqttError): void {
    const closed = this.host.closed();
    if (closed !== null) return this.abort(closed);
    this.settle(entry.tag as PublishSlot, error);
  }

  /**
   * @internal how a sent slot's message ended: delivered (`error` null) or failed. Told
   * by the write of a QoS 0 packet, by the window entry of a QoS 1 one.
   */
  settle(slot: PublishSlot, error: MqttError | null): void {
    if (this.finished || slot.state !== SENT) return;
    if (slot.entry !== null) {
      slot.entry = null;
      this.inFlight--;
    }
    slot.state = error === null ? DELIVERED : FAILED;
    slot.error = error;
    this.work();
  }

  private subscribeSource(source$: Observable<OutgoingMessage>): void {
    // the inner subscriber is known before a synchronous source emits, so an overflow can stop it mid-burst
    new Observable<OutgoingMessage>((inner) => {
      this.sourceSubscriber = inner;
      return source$.subscribe(inner);
    }).subscribe({
      next: (message) => {
        if (this.finished) return;
        if (this.ring.count >= this.capacity) {
          this.abort(
            new QueueOverflowError(
              'publishAll',
              'publishAll: the source pushed more than ' + this.capacity + ' messages ahead of the broker (maxInFlight ' +
                this.limits.maxInFlight + ' + bufferSize ' + this.limits.bufferSize +
                '); give an array or an iterable to be pulled instead, or a larger bufferSize',
            ),
          );
          return;
        }
        this.ring.push(message);
        this.work();
      },
      error: (error: unknown) => this.sourceEnded(error),
      complete: () => this.sourceEnded(COMPLETED),
    });
  }

  /** The source completed ({@link COMPLETED}) or failed with `end`; a puller is done with. */
  private sourceEnded(end: unknown): void {
    this.puller = null;
    this.sourceEnd = end;
    this.work();
  }

  /** Sends what may leave and emits what is settled, until neither makes progress. Re-entrant calls just ask for another round. */
  private work(): void {
    if (this.finished) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.sends = 0;
    do {
      this.again = false;
      this.pump();
      let result = this.ring.shiftResult();
      while (result !== null && !this.finished) {
        this.again = true; // room was made
        this.subscriber.next(result);
        result = this.ring.shiftResult();
      }
    } while (this.again && !this.finished);
    this.busy = false;
    const end = this.sourceEnd;
    if (!this.finished && end !== LIVE && this.ring.count === 0) {
      this.teardown(false);
      if (end === COMPLETED) this.subscriber.complete();
      else this.subscriber.error(end);
    }
  }

  private pump(): void {
    const ring = this.ring;
    while (!this.finished) {
      if (this.sends >= SENDS_PER_TURN) return this.continueLater();
      let slot = ring.next();
      if (slot === null) {
        const puller = this.puller;
        if (puller === null || ring.count >= this.capacity || !this.windowOpen()) return;
        if (this.writableSession() === null) return;
        let message: OutgoingMessage | number;
        try {
          message = puller.pull();
        } catch (e) {
          return this.sourceEnded(e);
        }
        if (message === PULL_WAIT) return;
        if (message === PULL_END) return this.sourceEnded(COMPLETED);
        slot = ring.push(message as OutgoingMessage);
      }
      if (!this.send(slot)) return;
    }
  }

  /** Sends the oldest queued slot (or fails it); false when it has to wait (no session, full socket, full window). */
  private send(slot: PublishSlot): boolean {
    const message = slot.message as OutgoingMessage;
    try {
      // what can be checked before encoding (the encoder checks topic and payload), in publish()'s words for the flags
      if (message === null || typeof message !== 'object') {
        throw new TypeError('publishAll: a message must be an object { topic, payload, qos?, retain? }, got ' + (message === null ? 'null' : typeof message));
      }
      checkFlags(message);
      // QoS 1 and 2 count in this run's window; QoS 2 also takes a place in the client's
      if (message.qos && (!this.windowOpen() || (message.qos === 2 && !this.host.window.qos2Room(this)))) return false;
      const session = this.writableSession();
      if (session === null) return false;
      const refused = session.v5 !== null ? publicationError(session.v5, message) : null; // MQTT 5: the server's limits
      if (refused !== null) throw refused;
      this.sends++;
      slot.state = SENT;
      const retain = message.retain === true;
      if (!message.qos) session.sendPublish(message.topic, message.payload, 0, retain, false, undefined, slot, message.properties);
      else {
        const qos = message.qos;
        const payload = typeof message.payload === 'string' ? encodeUtf8(message.payload) : message.payload;
        const packet = slot.packet;
        packet.topic = message.topic;
        packet.payload = payload;
        packet.retain = retain;
        packet.dup = false;
        packet.qos = qos;
        packet.properties = message.properties;
        const window = this.host.window;
        const entry = window.track(packet, this, slot);
        if (entry === null) throw new QueueOverflowError('inflight', 'all 65535 packet ids are in flight: cannot publish at QoS ' + qos);
        try {
          session.sendPublish(message.topic, payload, qos, retain, false, entry.packetId, undefined, message.properties);
        } catch (e) {
          window.remove(entry);
          throw e;
        }
        slot.entry = entry;
        this.inFlight++;
      }
    } catch (e) {
      slot.state = FAILED;
      slot.error = e as Error;
    }
    this.ring.sent++;
    return true;
  }

  /**
   * Whether a QoS 1 message may leave: the window refills as each PUBACK arrives, and
   * the refill leaves in the same turn (the batcher writes the PUBLISHes freed by one
   * read together). Waiting for half the window to come back instead stalls against a
   * broker that leaves Nagle's algorithm on (mosquitto's default): with nothing to send,
   * our kernel delays its ACK by about 40 ms, and the broker's PUBACKs wait for it.
   * On MQTT 5 the client's window also stays within the server's Receive Maximum,
   * shared with `publish()` (see `OutboundWindow.publishRoom`).
   */
  private windowOpen(): boolean {
    return this.inFlight < this.limits.maxInFlight && this.host.window.publishRoom(this);
  }

  /** The session if it can take bytes now; otherwise null, after asking to hear of the drain. */
  private writableSession(): Link | null {
    const session = this.host.link();
    if (session === null || session.writable) return session;
    if (this.waitingOn !== session) {
      this.waitingOn = session;
      session.whenWritable(this);
    }
    return null;
  }

  /** Schedules the rest of a long stretch (one closure per {@link SENDS_PER_TURN} messages). */
  private continueLater(): void {
    if (this.continuation !== null) return;
    this.continuation = this.host.scheduler.schedule(() => {
      this.continuation = null;
      this.work();
    });
  }

  private abort(error: MqttError): void {
    if (this.finished) return;
    // a closed client fails every window entry itself; removing ours here would disturb that walk
    this.teardown(!(error instanceof ClientClosedError));
    this.subscriber.error(error);
  }

  private teardown(removeEntries: boolean): void {
    if (this.finished) return;
    this.finished = true;
    if (this.sourceSubscriber !== null) this.sourceSubscriber.unsubscribe();
    if (this.puller !== null) this.puller.stop();
    if (this.stateSubscription !== null) this.stateSubscription.unsubscribe();
    if (this.continuation !== null) this.continuation.unsubscribe();
    this.sourceSubscriber = null;
    this.puller = null;
    // the slots keep their entries: a finished run ignores what the window still tells it
    if (!removeEntries) return;
    const window = this.host.window;
    window.forEach((entry) => {
      if (entry.owner !== this) return;
      // QoS 2 finishes its handshake: the broker holds the packet id until PUBREL
      if (entry.packet.type === 'publish' && entry.packet.qos === 2) entry.owner = DETACHED_OWNER;
      else window.remove(entry);
    });
  }
}
