/**
 * Filters ('/' + filter) whose SUBSCRIBE or UNSUBSCRIBE waits for a packet id, oldest
 * first, each once. The {@link TopicRegistry} decides what to send for a filter only when
 * its turn comes, from what its observers want then.
 *
 * @example
 * ```ts
 * const backlog = new FilterBacklog();
 * backlog.add('/a'); backlog.add('/b'); backlog.add('/a');
 * backlog.first(); // '/a'
 * backlog.shift();
 * backlog.clear(); // ['/b']
 * ```
 */
export class FilterBacklog {
  private keys: string[] = [];
  /** The first of {@link keys} still waiting. */
  private head = 0;
  private readonly waits: { [key: string]: boolean } = {};

  /** Whether nothing waits. */
  get empty(): boolean {
    return this.head === this.keys.length;
  }

  /** Puts `key` last, unless it already waits. */
  add(key: string): void {
    if (this.waits[key]) return;
    this.waits[key] = true;
    this.keys.push(key);
  }

  /** The key waiting longest, or undefined when nothing waits. */
  first(): string | undefined {
    return this.empty ? undefined : this.keys[this.head];
  }

  /** Takes the key waiting longest off. */
  shift(): void {
    delete this.waits[this.keys[this.head]];
    this.head++;
    if (this.empty) this.clear();
  }

  /** Takes every key off; returns them, oldest first. */
  clear(): string[] {
    const rest = this.keys.slice(this.head);
    for (let i = 0; i < rest.length; i++) delete this.waits[rest[i]];
    this.keys = [];
    this.head = 0;
    return rest;
  }
}
