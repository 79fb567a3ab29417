/**
 * Resolves once `check()` is true, polling every 5 ms; rejects after `ms` with
 * `describe()` (or a generic message). For specs that wait on real I/O.
 *
 * @example
 * ```ts
 * await until(() => proxy.connections === 0);
 * await until(() => values.length >= 3, 3000, () => 'got only ' + values.length);
 * ```
 */
export function until(check: () => boolean, ms = 2000, describe?: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error(describe ? describe() : 'condition not met within ' + ms + ' ms'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}
