import { QueueOverflowError } from '../errors';
import type { PacketIds } from './packet-ids';
import { publishPacket } from './packet-writer';

/** One publication on its way; `settle` reports its outcome once. */
export interface Delivery {
  topic: string;
  payload: string | Uint8Array;
  qos: 0 | 1;
  retain: boolean;
  /** Packet id while a QoS 1 publication is in flight, else 0. */
  id: number;
  /** When it was last written (ms), for the PUBACK deadline. */
  sentAt: number;
  /** Called once: without an error when delivered at its QoS, with one when it failed. */
  settle: ((error?: unknown) => void) | null;
}

/** Where the outbox writes: the connection that is up. */
export interface Writer {
  write(bytes: Uint8Array): void;
}

/**
 * The device client's outgoing publications: written at once while connected, queued
 * (at most `limit`, then refused with `QUEUE_OVERFLOW`) while not; QoS 1 ones stay in
 * flight until their PUBACK and are re-sent, oldest first, on each new connection
 * (with DUP when the broker kept the session [MQTT-4.4.0-1] [MQTT-3.3.1-1]).
 *
 * @example
 * ```ts
 * outbox.send(delivery, connection); // or null while offline: it waits
 * outbox.acked(7);                   // PUBACK 7: its settle() runs
 * ```
 */
export class Outbox {
  private sent: Delivery[] = [];
  private waiting: Delivery[] = [];

  constructor(private readonly ids: PacketIds, private readonly limit: number) {}

  /** QoS 1 publications awaiting their PUBACK. */
  inflight(): number {
    return this.sent.length;
  }

  /** Sends `d` over `writer`, or queues it when there is none. */
  send(d: Delivery, writer: Writer | null): void {
    if (writer === null) {
      if (this.waiting.length >= this.limit) {
        this.finish(d, new QueueOverflowError('offline', 'the offline queue holds ' + this.limit + ' publications already'));
      } else this.waiting.push(d);
      return;
    }
    if (d.qos === 1) {
      try {
        d.id = this.ids.take();
      } catch (error) {
        this.finish(d, error);
        return;
      }
      this.sent.push(d);
    }
    this.write(d, writer, false);
    if (d.qos === 0) this.finish(d);
  }

  /** PUBACK `id`: the publication is delivered. */
  acked(id: number): void {
    const sent = this.sent;
    for (let i = 0; i < sent.length; i++) {
      if (sent[i].id === id) {
        const d = sent[i];
        sent.splice(i, 1);
        this.ids.release(id);
        this.finish(d);
        return;
      }
    }
  }

  /** A connection is up: re-send what is in flight, then what waited. */
  resume(writer: Writer, sessionPresent: boolean): void {
    for (let i = 0; i < this.sent.length; i++) this.write(this.sent[i], writer, sessionPresent);
    const waiting = this.waiting;
    this.waiting = [];
    for (let i = 0; i < waiting.length; i++) this.send(waiting[i], writer);
  }

  /** When the oldest PUBACK awaited is due, or `Infinity`. */
  oldestSentAt(): number {
    return this.sent.length > 0 ? this.sent[0].sentAt : Infinity;
  }

  /** Settles everything with `error` (the client ended). */
  fail(error: unknown): void {
    const all = this.sent.concat(this.waiting);
    this.sent = [];
    this.waiting = [];
    for (let i = 0; i < all.length; i++) {
      if (all[i].id) this.ids.release(all[i].id);
      this.finish(all[i], error);
    }
  }

  /** Takes a publication that is still waiting out of the queue (its observer left). */
  withdraw(d: Delivery): void {
    const i = this.waiting.indexOf(d);
    if (i >= 0) this.waiting.splice(i, 1);
    d.settle = null;
  }

  private write(d: Delivery, writer: Writer, dup: boolean): void {
    d.sentAt = Date.now();
    writer.write(publishPacket(d.topic, d.payload, d.qos, d.retain, dup, d.id));
  }

  private finish(d: Delivery, error?: unknown): void {
    const settle = d.settle;
    d.settle = null;
    if (settle) settle(error);
  }
}
