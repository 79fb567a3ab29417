import { QueueOverflowError } from '../errors';

/**
 * Packet identifiers 1–65,535 for the device client's QoS 1 PUBLISH, SUBSCRIBE and
 * UNSUBSCRIBE: the next free one in turn, never one still awaiting its
 * acknowledgement [MQTT-2.3.1-2].
 *
 * @example
 * ```ts
 * const ids = new PacketIds();
 * const id = ids.take(); // 1
 * ids.release(id);
 * ```
 */
export class PacketIds {
  private last = 0;
  private used: { [id: number]: boolean } = {};
  private count = 0;

  /**
   * A free identifier, now in use.
   * @throws QueueOverflowError (queue `'inflight'`) when all 65,535 are in use
   */
  take(): number {
    if (this.count >= 65535) throw new QueueOverflowError('inflight', 'all 65535 packet identifiers are in use');
    do this.last = this.last === 65535 ? 1 : this.last + 1;
    while (this.used[this.last]);
    this.used[this.last] = true;
    this.count++;
    return this.last;
  }

  /** Frees `id` once its acknowledgement came (or it was given up). */
  release(id: number): void {
    if (!this.used[id]) return;
    delete this.used[id];
    this.count--;
  }
}
