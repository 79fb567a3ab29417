import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResults } from '../../../bench/support/report';
import { benchChartPanels, svgChart, writeBenchChart } from '../../../bench/support/svg-chart';

const results: BenchResults = {
  throughput: {
    scenarios: [],
    rates: { 'publish QoS0 64B': { rxmqtt: [100, 300, 200], mqttjs: [100], raw: [400] }, 'subscribe QoS1 64B': { rxmqtt: [], mqttjs: [50], raw: [80] } },
    cpu: {},
    brokerBusy: {},
    failures: {},
    discards: {},
  },
  latency: [
    { contender: 'rxmqtt', qos: 1, answers: [{ sent: 10, received: 10, p50: 0.2, p99: 0.9, max: 3 }, { sent: 10, received: 10, p50: 0.4, p99: 1.1, max: 2 }], errors: [] },
    { contender: 'mqttjs', qos: 1, answers: [], errors: ['boom'] },
  ],
};

/** The bars of an SVG: [title text, width]. */
function bars(svg: string): Array<[string, number]> {
  const found: Array<[string, number]> = [];
  const pattern = /<rect x="\d+" y="\d+" width="([\d.]+)" height="14" fill="[^"]+"><title>([^<]*)<\/title>/g;
  for (let m = pattern.exec(svg); m !== null; m = pattern.exec(svg)) found.push([m[2], Number(m[1])]);
  return found;
}

describe('benchChartPanels + svgChart', () => {
  it('draws a throughput bar per scenario and contender (the median), scaled to the largest', () => {
    const panels = benchChartPanels(results);
    expect(panels.map((p) => p.title)).toEqual(['Throughput (median msg/s; longer is faster)', 'Latency, publish to own subscriber (median of rounds; shorter is better)']);
    const drawn = bars(svgChart([panels[0]]));
    expect(drawn.map((b) => b[0])).toEqual(['rxmqtt: 200 msg/s', 'MQTT.js: 100 msg/s', 'raw socket: 400 msg/s', 'rxmqtt: n/a', 'MQTT.js: 50.0 msg/s', 'raw socket: 80.0 msg/s']);
    const widths = drawn.map((b) => b[1]);
    expect(widths[2]).toBeGreaterThan(widths[0]);
    expect(widths[0] / widths[2]).toBeCloseTo(0.5, 2);
    expect(widths[3]).toBe(0);
  });

  it('draws latency p50 and p99 (median over rounds) per contender and QoS; a failed contender reads n/a', () => {
    const drawn = bars(svgChart([benchChartPanels(results)[1]]));
    expect(drawn.map((b) => b[0])).toEqual(['p50: 0.30 ms', 'p99: 1.00 ms', 'p50: n/a', 'p99: n/a']);
  });

  it('escapes labels and is one standalone SVG document', () => {
    const svg = svgChart([{ title: 'a <b> & "c"', unit: 'x', groups: [{ label: '<g>', bars: [{ series: 's&t', value: 1 }] }] }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).not.toContain('<g>');
    expect(svg).not.toContain('<script');
  });

  it('writeBenchChart writes the file, or nothing for a run without throughput or latency', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-svg-chart-'));
    try {
      expect(writeBenchChart({}, join(dir, 'none.svg'))).toBeUndefined();
      const file = writeBenchChart(results, join(dir, 'sub', 'bench.svg')) as string;
      expect(readFileSync(file, 'utf8')).toBe(svgChart(benchChartPanels(results)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
