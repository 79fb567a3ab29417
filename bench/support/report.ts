import type { BenchOptions } from './bench-options';
import type { BurstResult } from './burst-part';
import { DefaultBrokerResult, defaultBrokerRatio } from './default-broker-part';
import { CONTENDER_LABELS } from './contenders';
import type { LatencyResult } from './latency-part';
import { scenarioName, SMALL_PAYLOAD } from './scenario';
import { median } from './stats';
import { formatCount, formatRatio, formatTable } from './text-table';
import type { ThroughputResults } from './throughput-rounds';

/** The targets (issue 8), checked against measured values only. */
export const TARGETS = {
  publisherRatio: 1.1,
  subscriberRatio: 1.0,
  burstRssBytes: 200 * 1024 * 1024,
  /** "No collapse": the burst's rate against the 100k run's median (a bench choice). */
  burstFlatRatio: 0.8,
  p99Ms: 2,
  /** Publishing QoS 1 to a default-configuration mosquitto without a subscriber (issue 17). */
  defaultBrokerRatio: 1.0,
};

/** Everything one bench run measured. */
export interface BenchResults {
  throughput?: ThroughputResults;
  latency?: LatencyResult[];
  burst?: BurstResult[];
  defaultBroker?: DefaultBrokerResult;
}

function medianOf(results: ThroughputResults, name: string, contender: string): number {
  const rates = results.rates[name] && results.rates[name][contender];
  return rates ? median(rates) : NaN;
}

function rateCell(rates: number[], failures: string[]): string {
  if (rates.length === 0) return failures.length > 0 ? 'FAILED x' + failures.length : 'n/a';
  const m = median(rates);
  const spread = rates.length > 1 ? ' ±' + Math.round(((Math.max.apply(null, rates) - Math.min.apply(null, rates)) / 2 / m) * 100) + '%' : '';
  return formatCount(m) + spread + (failures.length > 0 ? ' (' + failures.length + ' failed)' : '');
}

/** The throughput table: median msg/s per contender (± half the min–max range), ratios to MQTT.js. */
export function throughputTable(results: ThroughputResults, options: BenchOptions): string {
  const contenders = options.contenders;
  const headers = ['scenario', 'messages'].concat(contenders.map((c) => CONTENDER_LABELS[c] + ' msg/s'));
  const ratios = contenders.filter((c) => c !== 'mqttjs' && contenders.indexOf('mqttjs') >= 0);
  ratios.forEach((c) => headers.push(CONTENDER_LABELS[c] + '/MQTT.js'));
  const rows = results.scenarios.map((scenario) => {
    const name = scenarioName(scenario);
    const row = [name, formatCount(scenario.count)];
    contenders.forEach((c) => row.push(rateCell(results.rates[name][c], results.failures[name][c])));
    ratios.forEach((c) => row.push(formatRatio(medianOf(results, name, c) / medianOf(results, name, 'mqttjs'))));
    return row;
  });
  return formatTable(headers, rows);
}

/** The CPU table: median CPU µs per message of each contender's own process, and ratios to MQTT.js (lower is cheaper). */
export function cpuTable(results: ThroughputResults, options: BenchOptions): string {
  const contenders = options.contenders;
  const headers = ['scenario'].concat(contenders.map((c) => CONTENDER_LABELS[c] + ' µs/msg'));
  const ratios = contenders.filter((c) => c !== 'mqttjs' && contenders.indexOf('mqttjs') >= 0);
  ratios.forEach((c) => headers.push(CONTENDER_LABELS[c] + '/MQTT.js'));
  const rows = results.scenarios.map((scenario) => {
    const name = scenarioName(scenario);
    const cpu = (c: string): number => median(results.cpu[name][c]);
    const row = [name];
    contenders.forEach((c) => row.push(isFinite(cpu(c)) ? cpu(c).toFixed(2) : 'n/a'));
    ratios.forEach((c) => row.push(formatRatio(cpu(c) / cpu('mqttjs'))));
    return row;
  });
  return formatTable(headers, rows);
}

/**
 * The broker table: median share of one core the broker's single thread used during
 * each contender's runs. Near 100 % the broker, not the client, sets the rate, and
 * no client can go much faster on it.
 */
export function brokerTable(results: ThroughputResults, options: BenchOptions, server = 'broker'): string {
  const contenders = options.contenders;
  const headers = ['scenario'].concat(contenders.map((c) => server + ' busy, ' + CONTENDER_LABELS[c]));
  const rows = results.scenarios.map((scenario) => {
    const name = scenarioName(scenario);
    return [name].concat(
      contenders.map((c) => {
        const busy = median(results.brokerBusy[name][c]);
        return isFinite(busy) ? Math.round(busy * 100) + '%' : 'n/a';
      }),
    );
  });
  return formatTable(headers, rows);
}

const ms = (value: number): string => (isFinite(value) ? value.toFixed(3) : 'n/a');

/** The median p50 and p99 of a contender's latency rounds, the worst p99, and the messages received and sent in all. */
export function latencySummary(result: LatencyResult): { p50: number; p99: number; worstP99: number; max: number; received: number; sent: number } {
  const a = result.answers;
  return {
    p50: median(a.map((x) => x.p50)),
    p99: median(a.map((x) => x.p99)),
    worstP99: a.length ? Math.max.apply(null, a.map((x) => x.p99)) : NaN,
    max: a.length ? Math.max.apply(null, a.map((x) => x.max)) : NaN,
    received: a.reduce((n, x) => n + x.received, 0),
    sent: a.reduce((n, x) => n + x.sent, 0),
  };
}

/** The latency table: per contender and QoS, median p50/p99 over the rounds, the worst round's p99, the maximum, messages received/sent. */
export function latencyTable(results: LatencyResult[]): string {
  const rows = results.map((r) => {
    const name = 'QoS' + r.qos + ' ' + CONTENDER_LABELS[r.contender];
    const failed = r.errors.length > 0 ? ' (' + r.errors.length + ' failed: ' + r.errors[0] + ')' : '';
    if (r.answers.length === 0) return [name, 'FAILED' + failed];
    const s = latencySummary(r);
    return [name, ms(s.p50), ms(s.p99), ms(s.worstP99), ms(s.max), s.received + '/' + s.sent + failed];
  });
  return formatTable(['contender', 'p50 ms', 'p99 ms', 'worst p99', 'max ms', 'received/sent'], rows);
}

function publisherRunRate(results: BenchResults, qos: 0 | 1): number {
  const t = results.throughput;
  if (!t) return NaN;
  return medianOf(t, scenarioName({ side: 'publish', qos, payloadSize: SMALL_PAYLOAD, count: 0 }), 'rxmqtt');
}

/** The burst table: rate, peak RSS, and the rate against the median of the (100k) publisher runs at the same QoS. */
export function burstTable(results: BenchResults): string {
  const rows = (results.burst || []).map((b) => {
    if (b.error !== undefined) return ['QoS' + b.qos, formatCount(b.count), 'FAILED: ' + b.error];
    const base = publisherRunRate(results, b.qos);
    return ['QoS' + b.qos, formatCount(b.count), formatCount(b.rate as number), ((b.peakRss as number) / 1048576).toFixed(1), formatCount(base), formatRatio((b.rate as number) / base)];
  });
  return formatTable(['rxmqtt publishAll', 'messages', 'msg/s', 'peak RSS MB', 'publisher-run msg/s', 'burst/run'], rows);
}

function verdict(pass: boolean | null, target: string, detail: string): string {
  return (pass === null ? 'NOT MEASURED' : pass ? 'PASS' : 'FAIL') + '  ' + target + ': ' + detail;
}

function ratioVerdict(results: BenchResults, side: 'publish' | 'subscribe', target: number): string {
  const label = side === 'publish' ? 'publisher' : 'subscriber';
  const t = results.throughput;
  const scenarios = t ? t.scenarios.filter((s) => s.side === side) : [];
  const both = t && t.rates[scenarioName(scenarios[0] || t.scenarios[0])];
  if (!t || scenarios.length === 0 || !both || !both.rxmqtt || !both.mqttjs) return verdict(null, label + ' >= ' + target + 'x MQTT.js', 'not run');
  const parts = scenarios.map((s) => {
    const name = scenarioName(s);
    return { name, ratio: medianOf(t, name, 'rxmqtt') / medianOf(t, name, 'mqttjs') };
  });
  const pass = parts.every((p) => p.ratio >= target);
  return verdict(pass, label + ' >= ' + target + 'x MQTT.js', parts.map((p) => p.name.replace(side + ' ', '') + ' ' + formatRatio(p.ratio)).join(', '));
}

/** The raw socket's p99s: what this machine allows at all, for reading the latency verdict. */
function floor(latency: LatencyResult[]): string {
  const raw = latency.filter((r) => r.contender === 'raw' && r.answers.length > 0);
  if (raw.length === 0) return '';
  return '; raw-socket floor ' + raw.map((r) => 'QoS' + r.qos + ' ' + ms(latencySummary(r).p99) + ' ms').join(', ');
}

/** One line per target of issue 8, from the measured values. */
export function verdicts(results: BenchResults): string[] {
  const lines = [ratioVerdict(results, 'publish', TARGETS.publisherRatio), ratioVerdict(results, 'subscribe', TARGETS.subscriberRatio)];
  const bursts = results.burst || [];
  if (bursts.length === 0) {
    lines.push(verdict(null, '1M burst peak RSS < 200 MB', 'not run'));
    lines.push(verdict(null, '1M burst without collapse', 'not run'));
  } else {
    const mb = (b: BurstResult): string => (b.peakRss === undefined ? 'failed' : (b.peakRss / 1048576).toFixed(1) + ' MB');
    lines.push(
      verdict(
        bursts.every((b) => b.peakRss !== undefined && b.peakRss < TARGETS.burstRssBytes),
        formatCount(bursts[0].count) + ' burst peak RSS < 200 MB',
        bursts.map((b) => 'QoS' + b.qos + ' ' + mb(b)).join(', '),
      ),
    );
    const flat = bursts.map((b) => ({ qos: b.qos, ratio: b.rate === undefined ? NaN : b.rate / publisherRunRate(results, b.qos) }));
    const baseline = bursts.every((b) => isFinite(publisherRunRate(results, b.qos)));
    lines.push(
      verdict(
        baseline ? flat.every((f) => f.ratio >= TARGETS.burstFlatRatio) : null,
        formatCount(bursts[0].count) + ' burst without collapse (>= ' + TARGETS.burstFlatRatio + 'x the publisher runs\' median)',
        baseline ? flat.map((f) => 'QoS' + f.qos + ' ' + formatRatio(f.ratio)).join(', ') : 'no rxmqtt publish QoS0/QoS1 64 B runs to compare with',
      ),
    );
  }
  const own = (results.latency || []).filter((r) => r.contender === 'rxmqtt');
  if (own.length === 0) lines.push(verdict(null, 'p99 < 2 ms at 1k msg/s', 'not run'));
  else
    lines.push(
      verdict(
        own.every((r) => r.answers.length > 0 && r.errors.length === 0 && latencySummary(r).p99 < TARGETS.p99Ms && latencySummary(r).received === latencySummary(r).sent),
        'p99 < ' + TARGETS.p99Ms + ' ms at 1k msg/s (median of rounds), nothing lost',
        own
          .map((r) => {
            if (r.answers.length === 0) return 'QoS' + r.qos + ' failed';
            const s = latencySummary(r);
            return 'QoS' + r.qos + ' ' + ms(s.p99) + ' ms (' + s.received + '/' + s.sent + ')';
          })
          .join(', ') + floor(results.latency || []),
      ),
    );
  const lone = results.defaultBroker;
  const loneRatio = lone ? defaultBrokerRatio(lone) : NaN;
  lines.push(
    verdict(
      isFinite(loneRatio) ? loneRatio >= TARGETS.defaultBrokerRatio : null,
      'default mosquitto, QoS 1 publish, no subscriber >= ' + TARGETS.defaultBrokerRatio + 'x MQTT.js',
      isFinite(loneRatio) ? formatRatio(loneRatio) : 'not run',
    ),
  );
  return lines;
}

/** The client-bound targets (issue 17), checked against measured values only. */
export const BOUND_TARGETS = {
  publisherRatio: 1.5,
  subscriberRatio: 1.3,
  cpuRatio: 0.7,
  /** Stretch: rxmqtt's QoS 1 rates against the raw socket's. */
  rawShare: 0.5,
};

/** Median of every round's messages dropped by the contender itself, and the largest. */
function discardsOf(results: ThroughputResults, name: string, contender: string): number[] {
  return (results.discards[name] && results.discards[name][contender]) || [];
}

/** The discards table: per subscribe scenario, the messages rxmqtt dropped itself in each round. */
export function discardTable(results: ThroughputResults): string {
  const rows = results.scenarios
    .filter((s) => s.side === 'subscribe')
    .map((s) => {
      const name = scenarioName(s);
      const d = discardsOf(results, name, 'rxmqtt');
      return [name, d.length > 0 ? d.map((n) => formatCount(n)).join(', ') : 'n/a'];
    });
  return formatTable(['scenario', 'rxmqtt discards per round'], rows);
}

/**
 * One line per client-bound target of issue 17: throughput ratios to MQTT.js (publishing
 * >= 1.5x, subscribing >= 1.3x), CPU per message <= 0.7x MQTT.js's, nothing discarded by a
 * subscriber, and (stretch) QoS 1 at half of the raw socket's rate or more.
 */
export function boundVerdicts(results: ThroughputResults): string[] {
  const rows = results.scenarios.map((s) => {
    const name = scenarioName(s);
    const cpu = (c: string): number => median(results.cpu[name][c] || []);
    return {
      s,
      name,
      rate: medianOf(results, name, 'rxmqtt') / medianOf(results, name, 'mqttjs'),
      cpu: cpu('rxmqtt') / cpu('mqttjs'),
      raw: medianOf(results, name, 'rxmqtt') / medianOf(results, name, 'raw'),
      discards: discardsOf(results, name, 'rxmqtt').reduce((a, b) => a + b, 0),
    };
  });
  const line = (pass: boolean | null, target: string, picked: typeof rows, show: (r: (typeof rows)[0]) => string): string =>
    verdict(picked.length === 0 ? null : pass, target, picked.length === 0 ? 'not run' : picked.map((r) => r.name + ' ' + show(r)).join(', '));
  const publish = rows.filter((r) => r.s.side === 'publish' && isFinite(r.rate));
  const subscribe = rows.filter((r) => r.s.side === 'subscribe' && isFinite(r.rate));
  const cpu = rows.filter((r) => isFinite(r.cpu));
  const qos1 = rows.filter((r) => r.s.qos === 1 && isFinite(r.raw));
  const subs = rows.filter((r) => r.s.side === 'subscribe');
  return [
    line(publish.every((r) => r.rate >= BOUND_TARGETS.publisherRatio), 'client-bound publishing >= ' + BOUND_TARGETS.publisherRatio + 'x MQTT.js', publish, (r) => formatRatio(r.rate)),
    line(subscribe.every((r) => r.rate >= BOUND_TARGETS.subscriberRatio), 'client-bound subscribing >= ' + BOUND_TARGETS.subscriberRatio + 'x MQTT.js', subscribe, (r) => formatRatio(r.rate)),
    line(cpu.every((r) => r.cpu <= BOUND_TARGETS.cpuRatio), 'CPU per message <= ' + BOUND_TARGETS.cpuRatio + 'x MQTT.js', cpu, (r) => formatRatio(r.cpu)),
    line(subs.every((r) => r.discards === 0), 'no message discarded by a subscriber that keeps up', subs, (r) => formatCount(r.discards)),
    line(qos1.every((r) => r.raw >= BOUND_TARGETS.rawShare), '(stretch) QoS 1 >= ' + BOUND_TARGETS.rawShare + 'x the raw socket', qos1, (r) => formatRatio(r.raw)),
  ];
}
