/**
 * Resolves once `check()` is true, polling every 5 ms; rejects after `ms`. For specs
 * that wait on real I/O.
 *
 * @example
 * ```ts
 * await until(() => proxy.connections === 0);
 * ```
 */
export function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met within ' + ms + ' ms'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}
