/**
 * Lays out `rows` under `headers` as an aligned plain-text table: the first column
 * left-aligned, the others right-aligned, a rule under the header.
 *
 * @example
 * ```ts
 * formatTable(['scenario', 'msg/s'], [['publish QoS0 64 B', '123,456']]);
 * ```
 */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => rows.reduce((w, row) => Math.max(w, (row[i] || '').length), header.length));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .replace(/\s+$/, '');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(headers), rule].concat(rows.map((row) => line(headers.map((_, i) => row[i] || '')))).join('\n');
}

/** `1234567.8` → `1,234,568`; NaN → `n/a`. */
export function formatCount(value: number): string {
  if (!isFinite(value)) return 'n/a';
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A ratio as `1.23x`; NaN → `n/a`. */
export function formatRatio(value: number): string {
  return isFinite(value) ? value.toFixed(2) + 'x' : 'n/a';
}
