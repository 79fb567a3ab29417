import { SubscriptionRefusedError } from '../errors';
import { topicMatchesFilter } from '../codec/topic';
import type { MqttMessage } from './device-types';
import type { PacketIds } from './packet-ids';
import { subscribePacket, unsubscribePacket } from './packet-writer';
import { Subject } from './subject';
import type { Writer } from './outbox';

/** One filter the client is subscribed to, and its observers. */
interface Entry {
  filter: string;
  qos: 0 | 1;
  messages: Subject<MqttMessage>;
  /** Packet id of the SUBSCRIBE awaiting its SUBACK, else 0. */
  id: number;
  /** When that SUBSCRIBE was written (ms). */
  sentAt: number;
  /** The broker acknowledged it on the current session. */
  active: boolean;
}

/**
 * The device client's subscriptions: one SUBSCRIBE per filter on its first observer,
 * UNSUBSCRIBE after its last, SUBSCRIBE again on a connection whose broker did not keep
 * the session [MQTT-3.2.2-1]; inbound messages go to every filter that matches, each its
 * own copy of the routing (overlapping filters both receive it).
 *
 * @example
 * ```ts
 * subscriptions.add('sensors/+', 1, connection); // SUBSCRIBE (or later, once connected)
 * subscriptions.route(message);
 * ```
 */
export class Subscriptions {
  private entries: Entry[] = [];

  constructor(private readonly ids: PacketIds) {}

  /** The subject of `filter`, made (and subscribed over `writer`, when up) if it is new. */
  add(filter: string, qos: 0 | 1, writer: Writer | null): Subject<MqttMessage> {
    for (let i = 0; i < this.entries.length; i++) {
      if (this.entries[i].filter === filter) return this.entries[i].messages;
    }
    const entry: Entry = { filter: filter, qos: qos, messages: new Subject<MqttMessage>(), id: 0, sentAt: 0, active: false };
    this.entries.push(entry);
    if (writer) this.subscribe(entry, writer);
    return entry.messages;
  }

  /** The last observer of `messages` left: forget its filter and UNSUBSCRIBE. */
  remove(messages: Subject<MqttMessage>, writer: Writer | null): void {
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry.messages !== messages) continue;
      this.entries.splice(i, 1);
      if (entry.id) this.ids.release(entry.id);
      if (writer) {
        const id = this.ids.take();
        this.ids.release(id); // UNSUBACK is not awaited: the filter is gone either way
        writer.write(unsubscribePacket(id, entry.filter));
      }
      return;
    }
  }

  /** A connection is up: SUBSCRIBE what the broker does not hold. */
  resume(writer: Writer, sessionPresent: boolean): void {
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry.id) this.ids.release(entry.id);
      entry.id = 0;
      if (!sessionPresent || !entry.active) this.subscribe(entry, writer);
    }
  }

  /** SUBACK `id` with return code `code`: 0x80 refuses the filter [MQTT-3.9.3]. */
  acked(id: number, code: number): void {
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry.id !== id) continue;
      this.ids.release(id);
      entry.id = 0;
      if (code === 0x80) {
        this.entries.splice(i, 1);
        entry.messages.end(new SubscriptionRefusedError(entry.filter));
      } else entry.active = true;
      return;
    }
  }

  /** Hands `message` to every matching filter's observers [MQTT-4.7.1]. */
  route(message: MqttMessage): void {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      if (topicMatchesFilter(entries[i].filter, message.topic)) entries[i].messages.next(message);
    }
  }

  /** When the oldest SUBACK awaited was asked for, or `Infinity`. */
  oldestSentAt(): number {
    let oldest = Infinity;
    for (let i = 0; i < this.entries.length; i++) {
      if (this.entries[i].id && this.entries[i].sentAt < oldest) oldest = this.entries[i].sentAt;
    }
    return oldest;
  }

  /** Ends every filter's observers with `error` (the client ended), or completes them. */
  end(error?: unknown): void {
    const entries = this.entries;
    this.entries = [];
    for (let i = 0; i < entries.length; i++) entries[i].messages.end(error);
  }

  private subscribe(entry: Entry, writer: Writer): void {
    entry.active = false;
    entry.id = this.ids.take();
    entry.sentAt = Date.now();
    writer.write(subscribePacket(entry.id, entry.filter, entry.qos));
  }
}
