/** Largest MQTT packet identifier [MQTT-2.3.1-1]. */
export const MAX_PACKET_ID = 65535;

/**
 * Packet identifiers 1–65535 with the value that holds each one: an array indexed by
 * id and a rotating cursor, so allocation is O(1) on average and an id is never
 * handed out twice while it is in use [MQTT-2.3.1-2]. Ids rotate rather than
 * restarting at 1, which keeps a late acknowledgement of a released id from
 * matching a fresh message.
 *
 * @example
 * ```ts
 * const ids = new PacketIdAllocator<string>([]);
 * const id = ids.allocate('first'); // 1
 * ids.get(id);                      // 'first'
 * ids.release(id);                  // 'first'; id 1 is free again
 * ```
 */
export class PacketIdAllocator<T> {
  private cursor = 0;
  private used = 0;

  /**
   * @param slots the id table, empty: `slots[id]` holds the value that holds `id`. Its
   *   length stays bounded by the ids in flight, not by the ids ever used (see release).
   */
  constructor(private readonly slots: Array<T | undefined>) {}

  /**
   * Takes the next free id for `value` (which must not be undefined).
   * Returns 0 when every id is in use.
   */
  allocate(value: T): number {
    if (this.used >= MAX_PACKET_ID) return 0;
    let id = this.cursor;
    do {
      id = id >= MAX_PACKET_ID ? 1 : id + 1;
    } while (this.slots[id] !== undefined);
    this.cursor = id;
    this.slots[id] = value;
    this.used++;
    return id;
  }

  /** Takes `id` itself for `value` (a packet id recovered from a store); false when it is in use. */
  claim(id: number, value: T): boolean {
    if (this.slots[id] !== undefined) return false;
    this.slots[id] = value;
    this.used++;
    if (id > this.cursor) this.cursor = id;
    return true;
  }

  /** The value holding `id`, or undefined when it is free. */
  get(id: number): T | undefined {
    return this.slots[id];
  }

  /** Frees `id`; returns the value that held it (undefined when it was free). */
  release(id: number): T | undefined {
    const value = this.slots[id];
    if (value !== undefined) {
      this.slots[id] = undefined;
      this.used--;
      // An emptied window drops the table: on Espruino every index ever assigned stays
      // a variable (about 16k in all on a board), while V8 keeps `= undefined` fast.
      if (this.used === 0) this.slots.length = 0;
    }
    return value;
  }
}
