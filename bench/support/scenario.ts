import type { BenchOptions } from './bench-options';

/** One throughput measurement shape: which side the contender plays, QoS, payload, message count. */
export interface Scenario {
  side: 'publish' | 'subscribe';
  qos: 0 | 1;
  payloadSize: number;
  count: number;
}

/** Small and large payload sizes of the throughput runs, in bytes. */
export const SMALL_PAYLOAD = 64;
export const LARGE_PAYLOAD = 4096;

/** A short name such as `publish QoS1 64 B`. */
export function scenarioName(scenario: Scenario): string {
  const size = scenario.payloadSize >= 1024 ? scenario.payloadSize / 1024 + ' KB' : scenario.payloadSize + ' B';
  return scenario.side + ' QoS' + scenario.qos + ' ' + size;
}

/**
 * The throughput scenarios the options select: for each selected side (publish,
 * subscribe), QoS 0 and 1 with 64-byte (`messages`) and 4 KB (`largeMessages`) payloads.
 */
export function throughputScenarios(options: BenchOptions): Scenario[] {
  const scenarios: Scenario[] = [];
  const sides: Array<'publish' | 'subscribe'> = ['publish', 'subscribe'];
  sides.forEach((side) => {
    if (options.parts.indexOf(side) < 0) return;
    [0, 1].forEach((qos) => {
      scenarios.push({ side, qos: qos as 0 | 1, payloadSize: SMALL_PAYLOAD, count: options.messages });
      scenarios.push({ side, qos: qos as 0 | 1, payloadSize: LARGE_PAYLOAD, count: options.largeMessages });
    });
  });
  return scenarios;
}
