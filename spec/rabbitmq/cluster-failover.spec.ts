import '../../adapters';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { createClient } from '../../lib/client/create-client';
import type { ConnectionState, MqttClient, OutgoingMessage, PublishResult } from '../../lib/client/types';
import { errorCode, recordStates, sleep, waitForState } from '../integration/resilience/support/client-probe';
import { RabbitCluster, startRabbitCluster } from './support/rabbit-cluster';

/**
 * Failover across a three-node RabbitMQ 3.10 cluster (MQTT plugin, durable subscriptions
 * on quorum queues). Covered case: QoS 1 publications whose `publish()` succeeded (the
 * plugin sends PUBACK once the quorum queues confirmed them) reach every persistent-session
 * subscriber (clean session false, QoS 1), while nodes are stopped and started one at a
 * time (a majority of the three stays up throughout).
 */
describe('failover across a three-node RabbitMQ cluster', () => {
  let cluster: RabbitCluster;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    cluster = await startRabbitCluster();
  }, 240000);

  afterAll(async () => {
    for (const c of clients) await firstValueFrom(c.disconnect()).catch(() => undefined);
    if (cluster) await cluster.dispose();
  }, 60000);

  function client(name: string, servers: string[], clean: boolean): MqttClient {
    const c = createClient({
      servers,
      clientId: 'rx-' + name + '-' + process.pid,
      clean,
      keepalive: 5,
      responseTimeout: 3000,
      reconnect: { initialDelay: 200, maxDelay: 1000 },
    });
    clients.push(c);
    return c;
  }

  const serversOf = (states: ConnectionState[]): string[] =>
    states.filter((s) => s.status === 'connected').map((s) => (s as { server?: string }).server as string);

  /** The servers a client moved through: serversOf without a reconnection to the server it was on. */
  const movesOf = (states: ConnectionState[]): string[] => serversOf(states).filter((server, i, all) => i === 0 || server !== all[i - 1]);

  it('publishers and persistent-session subscribers move through their servers and back; every acknowledged QoS 1 publication arrives', async () => {
    const [n1, n2, n3] = cluster.urls;
    const topic = 'rxmqtt/cluster/' + process.pid;
    // subscribers: a persistent session each, spread over the nodes
    const subscribers = [client('sub1', [n1, n2], false), client('sub2', [n2, n3], false)];
    const received = subscribers.map(() => new Set<string>());
    const subscriberStates = subscribers.map(recordStates);
    subscribers.forEach((s, i) => s.topic(topic + '/#', { qos: 1 }).subscribe((m) => received[i].add(m.topic + ' ' + Buffer.from(m.payload).toString())));
    await Promise.all(subscribers.map((s) => firstValueFrom(s.connect())));
    await Promise.all(subscribers.map((s) => firstValueFrom(s.ping()))); // SUBACKs are in
    // publishers, on other nodes first
    const publishers = [client('pub1', [n1, n2], true), client('pub2', [n3, n1], true)];
    const publisherStates = publishers.map(recordStates);
    await Promise.all(publishers.map((p) => firstValueFrom(p.connect())));

    let streaming = true;
    async function* stream(name: string): AsyncGenerator<OutgoingMessage> {
      for (let i = 0; streaming; i++) {
        yield { topic: topic + '/' + name, payload: String(i), qos: 1 };
        await sleep(20);
      }
    }
    const runs = publishers.map((p, i) => lastValueFrom(p.publishAll(stream('p' + (i + 1)), { maxInFlight: 10 }).pipe(toArray())));

    await sleep(3000);
    await cluster.stop(0); // node 1 goes: sub1 and pub1 move to node 2
    await waitForState(subscribers[0], (s) => s.status === 'connected' && (s as { server?: string }).server === n2, 30000);
    await cluster.start(0);
    await sleep(3000);
    await cluster.stop(1); // node 2 goes: sub1 and pub1 move back to node 1, sub2 to node 3
    await waitForState(subscribers[0], (s) => s.status === 'connected' && (s as { server?: string }).server === n1, 30000);
    await waitForState(subscribers[1], (s) => s.status === 'connected' && (s as { server?: string }).server === n3, 30000);
    await cluster.start(1);
    await sleep(2000);
    streaming = false;
    const results: PublishResult[][] = await Promise.all(runs);

    // every publication settled ok
    for (const r of results) expect(r.filter((x) => !x.ok)).toEqual([]);
    const published = ([] as string[]).concat(...results.map((r) => r.map((x) => x.message.topic + ' ' + String(x.message.payload))));
    // every one reaches both persistent subscribers (duplicates allowed at QoS 1)
    const deadline = Date.now() + 20000;
    const missing = () => received.map((set) => published.filter((m) => !set.has(m)).length);
    while (missing().some((n) => n > 0) && Date.now() < deadline) await sleep(200);
    process.stdout.write(
      'rabbitmq failover: ' + published.length + ' QoS 1 publications acknowledged; missing per subscriber ' + missing().join(', ') +
        '; sub1 ' + serversOf(subscriberStates[0]).join(' > ') + '; sub2 ' + serversOf(subscriberStates[1]).join(' > ') +
        '; pub1 ' + serversOf(publisherStates[0]).join(' > ') + '; pub2 ' + serversOf(publisherStates[1]).join(' > ') +
        '; outages ' + [...subscriberStates, ...publisherStates].map((states) => states.filter((s) => s.status === 'reconnecting').map(errorCode).join('/')).join(', ') + '\n',
    );
    expect(missing()).toEqual([0, 0]);
    expect(published.length).toBeGreaterThan(100);
    // the clients moved through their servers and back, and the subscribers' sessions
    // continued. An outage of its own (a keepalive on a loaded machine, or the broker
    // closing a connection: pub1's, once, on node 2 between the two stops) brings a client
    // back to the server it was on; the first moves are the ones the stops caused.
    expect(movesOf(subscriberStates[0]).slice(0, 3)).toEqual([n1, n2, n1]);
    expect(movesOf(subscriberStates[1]).slice(0, 2)).toEqual([n2, n3]);
    expect(movesOf(publisherStates[0]).slice(0, 3)).toEqual([n1, n2, n1]);
    const resumed = subscriberStates.map((states) => states.filter((s) => s.status === 'connected').slice(1).every((s) => (s as { sessionPresent: boolean }).sessionPresent));
    expect(resumed).toEqual([true, true]);
  }, 240000);
});
