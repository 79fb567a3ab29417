import { BenchResults, brokerTable, latencySummary, verdicts } from '../../../bench/support/report';
import { readBenchOptions } from '../../../bench/support/bench-options';
import { Scenario, scenarioName } from '../../../bench/support/scenario';
import type { ThroughputResults } from '../../../bench/support/throughput-rounds';
import type { LatencyAnswer } from '../../../bench/support/worker-protocol';

function throughput(rx: number, js: number): ThroughputResults {
  const scenarios: Scenario[] = [
    { side: 'publish', qos: 0, payloadSize: 64, count: 100000 },
    { side: 'publish', qos: 1, payloadSize: 64, count: 100000 },
    { side: 'subscribe', qos: 0, payloadSize: 64, count: 100000 },
  ];
  const results: ThroughputResults = { scenarios, rates: {}, cpu: {}, brokerBusy: {}, failures: {}, discards: {} };
  scenarios.forEach((s) => {
    const name = scenarioName(s);
    results.rates[name] = { rxmqtt: [rx, rx * 2, rx / 2], mqttjs: [js], raw: [1] };
    results.cpu[name] = { rxmqtt: [1], mqttjs: [1], raw: [1] };
    results.brokerBusy[name] = { rxmqtt: [0.9, 0.99, 0.95], mqttjs: [0.5], raw: [NaN] };
    results.failures[name] = { rxmqtt: [], mqttjs: [], raw: [] };
  });
  return results;
}

const answer = (p99: number, received = 5000): LatencyAnswer => ({ sent: 5000, received, p50: 0.1, p99, max: 9 });

describe('verdicts', () => {
  it('says NOT MEASURED for every target of a run that measured nothing', () => {
    expect(verdicts({}).map((line) => line.split('  ')[0])).toEqual(['NOT MEASURED', 'NOT MEASURED', 'NOT MEASURED', 'NOT MEASURED', 'NOT MEASURED', 'NOT MEASURED']);
  });

  it('judges the ratios of the medians against 1.1x (publisher) and 1.0x (subscriber)', () => {
    const lines = verdicts({ throughput: throughput(105, 100) });
    expect(lines[0]).toBe('FAIL  publisher >= 1.1x MQTT.js: QoS0 64 B 1.05x, QoS1 64 B 1.05x');
    expect(lines[1]).toBe('PASS  subscriber >= 1x MQTT.js: QoS0 64 B 1.05x');
    expect(verdicts({ throughput: throughput(111, 100) })[0]).toBe('PASS  publisher >= 1.1x MQTT.js: QoS0 64 B 1.11x, QoS1 64 B 1.11x');
  });

  it('judges the default-broker row on the ratio of the medians against 1.0x', () => {
    const lone = (rx: number[], js: number[]): BenchResults => ({
      defaultBroker: { count: 1000, contenders: ['rxmqtt', 'mqttjs'], rates: { rxmqtt: rx, mqttjs: js }, cpu: { rxmqtt: [1], mqttjs: [2] }, brokerBusy: { rxmqtt: [0.2], mqttjs: [0.1] }, failures: { rxmqtt: [], mqttjs: [] } },
    });
    expect(verdicts(lone([2200, 2300, 2100], [9000]))[5]).toBe('FAIL  default mosquitto, QoS 1 publish, no subscriber >= 1x MQTT.js: 0.24x');
    expect(verdicts(lone([20000], [10000]))[5]).toBe('PASS  default mosquitto, QoS 1 publish, no subscriber >= 1x MQTT.js: 2.00x');
  });

  it('judges the burst on peak RSS under 200 MB and on its rate against the publisher runs', () => {
    const results: BenchResults = {
      throughput: throughput(100, 100),
      burst: [
        { qos: 1, count: 1000000, rate: 90, peakRss: 150 * 1048576 },
        { qos: 0, count: 1000000, rate: 70, peakRss: 201 * 1048576 },
      ],
    };
    const lines = verdicts(results);
    expect(lines[2]).toBe('FAIL  1,000,000 burst peak RSS < 200 MB: QoS1 150.0 MB, QoS0 201.0 MB');
    expect(lines[3]).toBe("FAIL  1,000,000 burst without collapse (>= 0.8x the publisher runs' median): QoS1 0.90x, QoS0 0.70x");
  });

  it('judges latency on the median p99 of rounds and on nothing lost, and shows the raw floor', () => {
    const pass = verdicts({
      latency: [
        { contender: 'rxmqtt', qos: 0, answers: [answer(1.5), answer(9), answer(1.9)], errors: [] },
        { contender: 'raw', qos: 0, answers: [answer(0.5)], errors: [] },
      ],
    });
    expect(pass[4]).toBe('PASS  p99 < 2 ms at 1k msg/s (median of rounds), nothing lost: QoS0 1.900 ms (15000/15000); raw-socket floor QoS0 0.500 ms');
    const lost = verdicts({ latency: [{ contender: 'rxmqtt', qos: 1, answers: [answer(1, 4999)], errors: [] }] });
    expect(lost[4]).toBe('FAIL  p99 < 2 ms at 1k msg/s (median of rounds), nothing lost: QoS1 1.000 ms (4999/5000)');
  });
});

describe('latencySummary', () => {
  it('takes medians of p50 and p99, the worst p99, the largest max and the totals', () => {
    expect(latencySummary({ contender: 'mqttjs', qos: 1, answers: [answer(1), answer(3), answer(2, 4000)], errors: [] })).toEqual({
      p50: 0.1,
      p99: 2,
      worstP99: 3,
      max: 9,
      received: 14000,
      sent: 15000,
    });
  });
});

describe('brokerTable', () => {
  it('shows the median busy share of the broker per scenario and contender, n/a where unread', () => {
    const options = readBenchOptions(['--contenders=rxmqtt,mqttjs,raw'], {});
    const lines = brokerTable(throughput(1, 1), options).split('\n');
    expect(lines[0]).toMatch(/^scenario\s+broker busy, rxmqtt\s+broker busy, MQTT\.js\s+broker busy, raw socket$/);
    expect(lines[2].split(/\s{2,}/)).toEqual(['publish QoS0 64 B', '95%', '50%', 'n/a']);
    expect(lines).toHaveLength(2 + 3);
  });
});
