import { VirtualBroker } from '../../../../adapters/virtual';
import { createClient } from '../../../../lib/client/create-client';
import type { ClientOptions } from '../../../../lib/client/types';
import { BenchClients, clockMs, PairPlan } from '../../../../lib/cli/bench/bench-clients';
import { runMultiBench } from '../../../../lib/cli/bench/run-multi-bench';

function plan(overrides: Partial<PairPlan> = {}): PairPlan {
  return Object.assign({ count: 20, size: 16, qos: 1 as const, inFlight: 5, topicPrefix: 'bench', connectBatch: 2 }, overrides);
}

describe('BenchClients (publisher/subscriber pairs of a multi-client bench), over the virtual broker', () => {
  let broker: VirtualBroker;
  const create = (options: ClientOptions) => createClient(Object.assign({}, options, { transport: broker.transport }));

  beforeEach(() => {
    broker = new VirtualBroker();
  });

  it('connects every pair (subscribed before publishing), publishes flat out and records one latency per message', async () => {
    const clients = new BenchClients(create, { clientId: 'b' }, plan(), 3, 6);
    const connectMs = await clients.connect();
    expect(connectMs.length).toBe(3);
    expect(broker.connectionCount).toBe(6);
    expect(broker.packets('subscribe').map((p) => p.subscriptions[0].topic).sort()).toEqual(['bench/3', 'bench/4', 'bench/5']);
    const reports = await clients.run(clockMs());
    expect(reports.map((r) => [r.pair, r.delivered, r.received])).toEqual([
      [3, 20, 20],
      [4, 20, 20],
      [5, 20, 20],
    ]);
    expect(clients.sampleCount).toBe(60);
    const latencies = Array.from(clients.latencies.subarray(0, 60));
    expect(latencies.every((ms) => ms >= 0 && ms < 5000)).toBe(true);
    // each pair's publisher published only on its own topic, with the client ids numbered by pair
    const publishes = broker.received.filter((r) => r.packet.type === 'publish');
    expect(new Set(publishes.map((r) => r.clientId))).toEqual(new Set(['b-p3', 'b-p4', 'b-p5']));
    await clients.close();
    expect(broker.connectionCount).toBe(0);
  });

  it('at a steady rate, spreads the messages over time: 10 at 200 msg/s take about 45 ms or more', async () => {
    const clients = new BenchClients(create, {}, plan({ count: 10, rate: 200 }), 0, 2);
    await clients.connect();
    const at = clockMs();
    const reports = await clients.run(at);
    expect(reports.every((r) => r.delivered === 10 && r.received === 10)).toBe(true);
    // the 10th message is due 45 ms after the start
    expect(Math.min(...reports.map((r) => r.publishMs))).toBeGreaterThanOrEqual(44);
    await clients.close();
  });

  it('rejects when a connection fails', async () => {
    broker.refuseConnections = true;
    const clients = new BenchClients(create, {}, plan(), 0, 1);
    await expect(clients.connect()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    await clients.close();
  });

  it('runMultiBench in the main thread (threads 0) sums the pairs: connections, totals, per-client spread, latency, memory', async () => {
    const result = await runMultiBench(create, { clientId: 'm' }, Object.assign(plan({ count: 10 }), { clients: 4, threads: 0 }));
    expect(result.threads).toBe(0);
    expect(result.connections).toBe(8);
    expect(result.delivered).toBe(40);
    expect(result.received).toBe(40);
    expect(result.pairs.map((p) => p.pair)).toEqual([0, 1, 2, 3]);
    expect(result.perClient.receiveRate.min).toBeGreaterThan(0);
    expect(result.perClient.receiveRate.min).toBeLessThanOrEqual(result.perClient.receiveRate.max);
    expect(result.latency && result.latency.p50).toBeGreaterThanOrEqual(0);
    expect(result.latency!.max).toBeGreaterThanOrEqual(result.latency!.p99);
    expect(typeof result.memory.heapPerConnection).toBe('number');
    expect(broker.connectionCount).toBe(0);
  });
});
