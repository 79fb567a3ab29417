import type { CliOutput } from './cli-io';

/** A progress bar on one terminal line. */
export interface ProgressBar {
  /** Shows `done` of the total; redraws at most ten times a second. */
  update(done: number): void;
  /** Erases the bar (the line is free for the report). */
  clear(): void;
}

/**
 * A progress bar drawn on `out` with carriage returns, only when `out` is a terminal;
 * otherwise (a pipe, a file, a spec) every call does nothing, so logs stay clean.
 *
 * @example
 * ```ts
 * const bar = progressBar(process.stderr, 10000, 'received');
 * bar.update(2500); // [#####...............]  25% received 2500/10000
 * bar.clear();
 * ```
 */
export function progressBar(out: CliOutput, total: number, label: string): ProgressBar {
  if (!out.isTTY) return { update: () => undefined, clear: () => undefined };
  let lastDraw = 0;
  let drawn = false;
  const width = Math.max(10, Math.min(40, (out.columns || 80) - 40));
  return {
    update(done) {
      const now = Date.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(fraction * width);
      const percent = String(Math.floor(fraction * 100)).padStart(3);
      out.write('\r[' + '#'.repeat(filled) + '.'.repeat(width - filled) + '] ' + percent + '% ' + label + ' ' + done + '/' + total);
      drawn = true;
    },
    clear() {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
    },
  };
}
