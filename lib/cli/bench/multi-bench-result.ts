import type { LatencySummary } from '../bench-stats';
import type { PairReport } from './bench-clients';

/** Smallest, median and largest of a per-client figure. */
export interface Spread {
  min: number;
  p50: number;
  max: number;
}

/** What `rxmqtt bench --clients N` measured. */
export interface MultiBenchResult {
  /** Publisher/subscriber pairs (`--clients`). */
  clients: number;
  /** Worker threads that ran them (0: the main thread). */
  threads: number;
  /** Messages per publisher. */
  count: number;
  size: number;
  qos: 0 | 1;
  /** Offer rate per publisher in msg/s, when one was asked for. */
  rate?: number;
  /** Connections open (two per pair). */
  connections: number;
  /** Wall time to open them all, ms. */
  connectMs: number;
  /** Time each pair took to connect and subscribe, ms. */
  pairConnect: LatencySummary;
  /** Publications the broker confirmed, and messages received, over all pairs. */
  delivered: number;
  received: number;
  /** The slowest publisher's time, ms, and the total rate over it. */
  publishMs: number;
  publishRate: number;
  receiveMs: number;
  receiveRate: number;
  /** Per-client rates in msg/s. */
  perClient: { publishRate: Spread; receiveRate: Spread };
  /** Publish to arrival, ms, over every message. */
  latency?: LatencySummary;
  /** Bytes per open connection: this side's JS heap (after GC) and the process's resident memory. */
  memory: { heapPerConnection: number; rssPerConnection: number };
  /** Every pair's figures (in the JSON output). */
  pairs: PairReport[];
}

/** Min, median and max of `values` (0s when empty). */
export function spreadOf(values: number[]): Spread {
  if (values.length === 0) return { min: 0, p50: 0, max: 0 };
  const sorted = values.slice().sort((a, b) => a - b);
  return { min: sorted[0], p50: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
}

/**
 * The human-readable report of `rxmqtt bench --clients`.
 *
 * @example
 * ```ts
 * process.stdout.write(formatMultiBenchResult(result));
 * ```
 */
export function formatMultiBenchResult(r: MultiBenchResult): string {
  const ms = (v: number): string => v.toFixed(1) + ' ms';
  const kb = (v: number): string => (v / 1024).toFixed(1) + ' KB';
  const spread = (s: Spread): string => 'min ' + s.min.toFixed(1) + ', median ' + s.p50.toFixed(1) + ', max ' + s.max.toFixed(1);
  const lines = [
    r.clients + ' publishers + ' + r.clients + ' subscribers on ' + (r.threads === 0 ? 'the main thread' : r.threads + ' worker threads') + ', ' +
      r.count + ' messages of ' + r.size + ' bytes at QoS ' + r.qos + ' each, ' + (r.rate !== undefined ? 'offered at ' + r.rate + ' msg/s per publisher' : 'as fast as the window takes them'),
    'connections: ' + r.connections + ' in ' + ms(r.connectMs) + ' (' + Math.round(r.connections / (r.connectMs / 1000)) + '/s); per pair p50 ' + ms(r.pairConnect.p50) + ', p99 ' + ms(r.pairConnect.p99) + ', max ' + ms(r.pairConnect.max),
    'published:   ' + r.delivered + ' in ' + ms(r.publishMs) + ', ' + r.publishRate + ' msg/s in all; per publisher ' + spread(r.perClient.publishRate) + ' msg/s',
    'received:    ' + r.received + ' in ' + ms(r.receiveMs) + ', ' + r.receiveRate + ' msg/s in all; per subscriber ' + spread(r.perClient.receiveRate) + ' msg/s',
  ];
  if (r.latency) lines.push('latency:     p50 ' + ms(r.latency.p50) + ', p95 ' + ms(r.latency.p95) + ', p99 ' + ms(r.latency.p99) + ', max ' + ms(r.latency.max));
  lines.push('memory:      ' + kb(r.memory.heapPerConnection) + ' JS heap and ' + kb(r.memory.rssPerConnection) + ' resident per connection');
  return lines.join('\n') + '\n';
}
