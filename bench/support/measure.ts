/**
 * Tiny benchmark helpers shared by bench/*.bench.ts: time a function in batches and
 * print a table of rates side by side with a reference implementation.
 */

/** Milliseconds each measurement runs; `BENCH_TIME_MS` overrides. */
export const BENCH_TIME_MS = Number(process.env.BENCH_TIME_MS) || 1000;

/**
 * Calls `fn(batch)` repeatedly for about `ms` milliseconds (after a warm-up of a quarter
 * of that) and returns operations per second, `fn` doing `batch` operations per call.
 *
 * @example
 * ```ts
 * const rate = opsPerSecond((n) => { for (let i = 0; i < n; i++) encode(); }, 100);
 * ```
 */
export function opsPerSecond(fn: (batch: number) => void, batch: number, ms = BENCH_TIME_MS): number {
  const run = (limit: number): number => {
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(limit * 1e6));
    let ops = 0;
    let now = start;
    while (now < end) {
      fn(batch);
      ops += batch;
      now = process.hrtime.bigint();
    }
    return (ops * 1e9) / Number(now - start);
  };
  run(ms / 4);
  return run(ms);
}

/** One row of a comparison: our rate and the reference's. */
export interface Row {
  name: string;
  ours: number;
  theirs: number;
}

function fmt(n: number): string {
  return n >= 1e6 ? (n / 1e6).toFixed(2) + ' M' : n >= 1e3 ? (n / 1e3).toFixed(1) + ' k' : n.toFixed(0) + ' ';
}

/**
 * Prints `rows` as a Markdown table: case, our rate, the reference's rate, and the ratio.
 *
 * @example
 * ```ts
 * printTable('packets/s', 'rxmqtt', 'mqtt-packet', rows);
 * ```
 */
export function printTable(unit: string, ourName: string, theirName: string, rows: Row[]): void {
  const lines = [
    ['case', ourName + ' (' + unit + ')', theirName + ' (' + unit + ')', 'ratio'],
    ['---', '---:', '---:', '---:'],
  ];
  rows.forEach((r) => lines.push([r.name, fmt(r.ours), fmt(r.theirs), (r.ours / r.theirs).toFixed(2) + '×']));
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  lines.forEach((l) => console.log('| ' + l.map((cell, c) => cell.padEnd(widths[c])).join(' | ') + ' |'));
}
