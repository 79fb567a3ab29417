import type { PublishPacket } from '../../codec/packet';
import type { MqttError } from '../../errors';
import type { InFlight } from './outbound-window';
import type { OutgoingMessage, PublishResult } from '../types';
import type { WriteListener } from '../connection/write-batcher';

/** Taken from the source, not sent yet. */
export const QUEUED = 0;
/** Handed to the connection: written (QoS 0) or acknowledged (QoS 1) is still to come. */
export const SENT = 1;
/** Delivered at its QoS. */
export const DELIVERED = 2;
/** Failed; `error` says why. */
export const FAILED = 3;

const NO_BYTES = new Uint8Array(0);

/** Hears the write outcome of a slot's QoS 0 packet. */
export interface SlotOwner {
  settle(slot: PublishSlot, error: MqttError | null): void;
}

/**
 * One message of a `publishAll()` stream from the moment it is taken from the source
 * until its result is emitted. Slots are recycled, packet object included, so a long
 * stream allocates none per message. A slot is its own {@link WriteListener} (QoS 0).
 */
export class PublishSlot implements WriteListener {
  message: OutgoingMessage | null = null;
  state = QUEUED;
  error: Error | null = null;
  /** The window entry of a QoS 1 message in flight. */
  entry: InFlight | null = null;
  /** The PUBLISH the window re-sends from; reused by every message of this slot. */
  readonly packet: PublishPacket = { type: 'publish', topic: '', payload: NO_BYTES, qos: 1, retain: false, dup: false };

  constructor(private readonly owner: SlotOwner) {}

  /** @internal the batcher wrote this slot's QoS 0 packet (`error` null), or the connection went away first. */
  writeSettled(error: MqttError | null): void {
    this.owner.settle(this, error);
  }
}

/**
 * The slots of one `publishAll()` stream in source order, as a ring that grows by
 * doubling (never beyond what its owner allows) and recycles its slots: the oldest
 * `sent` slots are sent (or settled), the rest queued.
 *
 * @example
 * ```ts
 * const ring = new SlotRing(owner);
 * const slot = ring.push(message); // QUEUED
 * ring.next();                     // slot: the first queued one
 * ```
 */
export class SlotRing {
  private slots: PublishSlot[] = [];
  private mask = -1;
  private head = 0;
  /** Slots in use. */
  count = 0;
  /** Slots, from the oldest, no longer queued. */
  sent = 0;

  constructor(private readonly owner: SlotOwner) {}

  /** Appends a queued slot for `message`. */
  push(message: OutgoingMessage): PublishSlot {
    if (this.count > this.mask) this.grow();
    const slot = this.slots[(this.head + this.count) & this.mask];
    slot.message = message; // its state is QUEUED: it was new, or emptied by shiftResult
    this.count++;
    return slot;
  }

  /** The oldest queued slot, or null. */
  next(): PublishSlot | null {
    return this.sent < this.count ? this.slots[(this.head + this.sent) & this.mask] : null;
  }

  /** Removes the oldest slot if it is settled and returns its result; null otherwise. */
  shiftResult(): PublishResult | null {
    if (this.count === 0) return null;
    const slot = this.slots[this.head];
    if (slot.state < DELIVERED) return null;
    const message = slot.message as OutgoingMessage;
    const result: PublishResult =
      slot.state === DELIVERED ? { message, ok: true } : { message, ok: false, error: slot.error as Error };
    slot.message = null;
    slot.error = null;
    slot.state = QUEUED;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    this.sent--;
    return result;
  }

  private grow(): void {
    const size = this.mask < 0 ? 16 : (this.mask + 1) * 2;
    const slots: PublishSlot[] = [];
    for (let i = 0; i < this.count; i++) slots.push(this.slots[(this.head + i) & this.mask]);
    for (let i = this.count; i < size; i++) slots.push(new PublishSlot(this.owner));
    this.slots = slots;
    this.mask = size - 1;
    this.head = 0;
  }
}
