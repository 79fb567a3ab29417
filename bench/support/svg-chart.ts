import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CONTENDER_LABELS } from './contenders';
import type { BenchResults } from './report';
import { latencySummary } from './report';
import { median } from './stats';

/** One bar of a group: which series it belongs to and its value (NaN: not measured, drawn as "n/a"). */
export interface ChartBar {
  series: string;
  value: number;
}

/** One panel of horizontal grouped bars: a row (group) per scenario, a bar per series. */
export interface ChartPanel {
  title: string;
  /** Unit after each value, e.g. `msg/s` or `ms`. */
  unit: string;
  groups: Array<{ label: string; bars: ChartBar[] }>;
}

const COLORS = ['#1565c0', '#ef6c00', '#6d6d6d', '#2e7d32', '#8e24aa'];
const WIDTH = 860;
const LABEL_WIDTH = 230;
const BAR_HEIGHT = 14;
const BAR_GAP = 3;
const GROUP_GAP = 12;

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function formatValue(value: number, unit: string): string {
  if (!isFinite(value)) return 'n/a';
  const text = value >= 100 ? Math.round(value).toLocaleString('en-US') : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return text + ' ' + unit;
}

/**
 * An SVG picture (a string, standalone, no scripts) of `panels` stacked vertically: each a
 * title, a legend of its series and, per group, one horizontal bar per series scaled to
 * the panel's largest value, with the value written after the bar. Pure; never throws on
 * missing values (NaN bars read "n/a").
 *
 * @example
 * ```ts
 * writeFileSync('bench.svg', svgChart([{ title: 'Throughput', unit: 'msg/s',
 *   groups: [{ label: 'publish QoS 0', bars: [{ series: 'rxmqtt', value: 90000 }] }] }]));
 * ```
 */
export function svgChart(panels: ChartPanel[]): string {
  const parts: string[] = [];
  let y = 10;
  for (const panel of panels) {
    const series: string[] = [];
    for (const group of panel.groups) for (const bar of group.bars) if (series.indexOf(bar.series) < 0) series.push(bar.series);
    let max = 0;
    for (const group of panel.groups) for (const bar of group.bars) if (isFinite(bar.value)) max = Math.max(max, bar.value);
    parts.push('<text x="10" y="' + (y + 14) + '" font-size="15" font-weight="bold">' + escapeXml(panel.title) + '</text>');
    // the legend on its own line under the title
    let legendX = LABEL_WIDTH;
    series.forEach((name, i) => {
      parts.push('<rect x="' + legendX + '" y="' + (y + 24) + '" width="12" height="12" fill="' + COLORS[i % COLORS.length] + '"/>');
      parts.push('<text x="' + (legendX + 16) + '" y="' + (y + 34) + '" font-size="12">' + escapeXml(name) + '</text>');
      legendX += 24 + name.length * 7;
    });
    y += 48;
    const barSpace = WIDTH - LABEL_WIDTH - 110;
    for (const group of panel.groups) {
      const height = group.bars.length * (BAR_HEIGHT + BAR_GAP);
      parts.push('<text x="' + (LABEL_WIDTH - 8) + '" y="' + (y + height / 2 + 4) + '" font-size="12" text-anchor="end">' + escapeXml(group.label) + '</text>');
      for (const bar of group.bars) {
        const width = isFinite(bar.value) && max > 0 ? Math.max(1, (bar.value / max) * barSpace) : 0;
        const color = COLORS[series.indexOf(bar.series) % COLORS.length];
        parts.push('<rect x="' + LABEL_WIDTH + '" y="' + y + '" width="' + width.toFixed(1) + '" height="' + BAR_HEIGHT + '" fill="' + color + '"><title>' + escapeXml(bar.series + ': ' + formatValue(bar.value, panel.unit)) + '</title></rect>');
        parts.push('<text x="' + (LABEL_WIDTH + width + 4).toFixed(1) + '" y="' + (y + BAR_HEIGHT - 3) + '" font-size="11" fill="#333">' + escapeXml(formatValue(bar.value, panel.unit)) + '</text>');
        y += BAR_HEIGHT + BAR_GAP;
      }
      y += GROUP_GAP;
    }
    y += 12;
  }
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="' + WIDTH + '" height="' + y + '" viewBox="0 0 ' + WIDTH + ' ' + y + '" font-family="sans-serif">' +
    '<rect width="100%" height="100%" fill="#fff"/>' + parts.join('') + '</svg>\n'
  );
}

/**
 * The panels of a bench run: throughput (median msg/s per scenario, a bar per contender:
 * rxmqtt, MQTT.js, the raw-socket ceiling) and latency (median p50 and p99 per contender
 * and QoS). Parts that did not run give no panel.
 */
export function benchChartPanels(results: BenchResults): ChartPanel[] {
  const panels: ChartPanel[] = [];
  const t = results.throughput;
  if (t) {
    panels.push({
      title: 'Throughput (median msg/s; longer is faster)',
      unit: 'msg/s',
      groups: Object.keys(t.rates).map((scenario) => ({
        label: scenario,
        bars: Object.keys(t.rates[scenario]).map((contender) => ({
          series: CONTENDER_LABELS[contender as keyof typeof CONTENDER_LABELS] || contender,
          value: t.rates[scenario][contender].length > 0 ? median(t.rates[scenario][contender]) : NaN,
        })),
      })),
    });
  }
  if (results.latency && results.latency.length > 0) {
    panels.push({
      title: 'Latency, publish to own subscriber (median of rounds; shorter is better)',
      unit: 'ms',
      groups: results.latency.map((r) => {
        const s = r.answers.length > 0 ? latencySummary(r) : { p50: NaN, p99: NaN };
        return { label: 'QoS' + r.qos + ' ' + CONTENDER_LABELS[r.contender], bars: [{ series: 'p50', value: s.p50 }, { series: 'p99', value: s.p99 }] };
      }),
    });
  }
  return panels;
}

/**
 * Writes the chart of a bench run ({@link benchChartPanels}, {@link svgChart}) to `file`
 * (its folder created if needed) and returns the path; `undefined` (nothing written) when
 * the run measured neither throughput nor latency.
 */
export function writeBenchChart(results: BenchResults, file: string): string | undefined {
  const panels = benchChartPanels(results);
  if (panels.length === 0) return undefined;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, svgChart(panels));
  return file;
}
