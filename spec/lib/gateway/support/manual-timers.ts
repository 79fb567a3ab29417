import type { NodeTimers } from '../../../../lib/gateway/node-client';

/** Virtual timers for the node client: `advance(ms)` runs what falls due, in time order. */
export class ManualTimers implements NodeTimers {
  now = 0;
  private next = 1;
  private pending: Array<{ id: number; at: number; callback: () => void }> = [];

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.push({ id, at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }

  /** Timers waiting. */
  get count(): number {
    return this.pending.length;
  }

  /** Moves the clock on by `ms`, running due timers and letting promise callbacks settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    await settle();
    for (;;) {
      this.pending.sort((a, b) => a.at - b.at || a.id - b.id);
      const due = this.pending[0];
      if (!due || due.at > end) break;
      this.pending.shift();
      this.now = due.at;
      due.callback();
      await settle();
    }
    this.now = end;
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
