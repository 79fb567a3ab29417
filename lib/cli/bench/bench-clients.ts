import { performance } from 'node:perf_hooks';
import { firstValueFrom, Subject, Subscription } from 'rxjs';
import type { ClientOptions, MqttClient, OutgoingMessage } from '../../client/types';
import { closeClient, guardedConnect } from '../run-client-session';

/** What every publisher/subscriber pair of a multi-client bench does. */
export interface PairPlan {
  /** Messages each publisher sends. */
  count: number;
  /** Payload bytes, at least 8 (the send time). */
  size: number;
  qos: 0 | 1;
  /** Unacknowledged QoS 1 messages per publisher. */
  inFlight: number;
  /** Messages per second per publisher; absent: as fast as the window takes them. */
  rate?: number;
  /** Pair `i` uses `<topicPrefix>/<i>`. */
  topicPrefix: string;
  /** Connections opened at the same time while connecting. */
  connectBatch: number;
}

/** What one pair measured. */
export interface PairReport {
  pair: number;
  /** Publications the broker confirmed (written for QoS 0, PUBACK for QoS 1). */
  delivered: number;
  received: number;
  /** From the start signal to the last confirmation, ms. */
  publishMs: number;
  /** From the start signal to the last arrival, ms. */
  receiveMs: number;
}

/** Absolute milliseconds with sub-millisecond precision, comparable across threads. */
export function clockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Quiet time after which a run stops waiting for QoS 0 messages that will not come. */
const DRAIN_MS = 2000;

interface Pair {
  index: number;
  publisher: MqttClient;
  subscriber: MqttClient;
  topic: string;
  delivered: number;
  received: number;
  lastDelivered: number;
  lastReceived: number;
  /** Offers of a paced run. */
  offers: Subject<OutgoingMessage> | null;
  offered: number;
}

/**
 * The publisher/subscriber pairs `first` .. `last - 1` of a multi-client bench, run by
 * one thread: {@link connect} opens them (subscriber first, its subscription confirmed
 * by a PINGRESP that follows the SUBACK), {@link run} publishes and records every
 * arrival's latency (send time in the first 8 bytes of the payload), {@link close}
 * disconnects them. The same class runs inside each worker thread and, for tests, in
 * the main thread.
 *
 * @example
 * ```ts
 * const clients = new BenchClients(createClient, options, plan, 0, 10);
 * await clients.connect();
 * const reports = await clients.run(clockMs());
 * await clients.close();
 * ```
 */
export class BenchClients {
  private readonly pairs: Pair[] = [];
  private readonly subscriptions = new Subscription();
  /** Latency samples in ms, `count` slots per pair. */
  readonly latencies: Float64Array;
  private samples = 0;

  constructor(
    private readonly create: (options: ClientOptions) => MqttClient,
    private readonly options: ClientOptions,
    private readonly plan: PairPlan,
    private readonly first: number,
    private readonly last: number,
  ) {
    this.latencies = new Float64Array((last - first) * plan.count);
  }

  /** Number of latency samples recorded so far. */
  get sampleCount(): number {
    return this.samples;
  }

  /** Opens every connection, `connectBatch` at a time; resolves with each pair's connect time in ms. */
  async connect(): Promise<number[]> {
    const times: number[] = [];
    const base = this.options.clientId !== undefined ? this.options.clientId : 'rxbench-' + Math.random().toString(36).slice(2, 8);
    for (let start = this.first; start < this.last; start += this.plan.connectBatch) {
      const batch: Array<Promise<void>> = [];
      for (let i = start; i < Math.min(this.last, start + this.plan.connectBatch); i++) {
        batch.push(this.connectPair(i, base).then((ms) => void times.push(ms)));
      }
      await Promise.all(batch);
    }
    return times;
  }

  private async connectPair(index: number, base: string): Promise<number> {
    const started = clockMs();
    const options = Object.assign({}, this.options, { reconnect: false as const });
    const pair: Pair = {
      index,
      publisher: this.create(Object.assign({}, options, { clientId: base + '-p' + index })),
      subscriber: this.create(Object.assign({}, options, { clientId: base + '-s' + index })),
      topic: this.plan.topicPrefix + '/' + index,
      delivered: 0,
      received: 0,
      lastDelivered: 0,
      lastReceived: 0,
      offers: null,
      offered: 0,
    };
    this.pairs.push(pair);
    this.subscriptions.add(
      pair.subscriber.topic(pair.topic, { qos: this.plan.qos }).subscribe({
        next: (m) => {
          const now = clockMs();
          if (m.payload.length < 8 || pair.received >= this.plan.count) return;
          this.latencies[this.samples++] = now - new DataView(m.payload.buffer, m.payload.byteOffset, 8).getFloat64(0);
          pair.received++;
          pair.lastReceived = now;
        },
        error: () => undefined, // counted as missing messages
      }),
    );
    await Promise.all([firstValueFrom(guardedConnect(pair.subscriber, options)), firstValueFrom(guardedConnect(pair.publisher, options))]);
    await firstValueFrom(pair.subscriber.ping()); // the broker answered the SUBSCRIBE before this PINGREQ
    return clockMs() - started;
  }

  /**
   * Publishes from every pair, starting now (all threads got the same start time `at`
   * to measure from); resolves when every message arrived, or, when some are lost, after
   * a quiet time of 2 s once the publishers are done.
   */
  async run(at: number): Promise<PairReport[]> {
    const plan = this.plan;
    const stamped = (pair: Pair): OutgoingMessage => {
      const payload = new Uint8Array(plan.size);
      new DataView(payload.buffer).setFloat64(0, clockMs());
      return { topic: pair.topic, payload, qos: plan.qos };
    };
    const published: Array<Promise<void>> = [];
    for (const pair of this.pairs) {
      const source = plan.rate === undefined ? pulled(plan.count, () => stamped(pair)) : (pair.offers = new Subject<OutgoingMessage>());
      published.push(
        new Promise<void>((done) => {
          this.subscriptions.add(
            pair.publisher.publishAll(source, { maxInFlight: plan.inFlight, bufferSize: plan.rate === undefined ? undefined : plan.count }).subscribe({
              next: (result) => {
                if (!result.ok) return;
                pair.delivered++;
                pair.lastDelivered = clockMs();
              },
              error: () => done(),
              complete: () => done(),
            }),
          );
        }),
      );
    }
    const ticker = plan.rate === undefined ? null : setInterval(() => this.offer(at, stamped), 5);
    if (ticker !== null) this.offer(at, stamped);
    await Promise.all(published);
    if (ticker !== null) clearInterval(ticker);
    await this.drained();
    return this.pairs.map((pair) => ({
      pair: pair.index,
      delivered: pair.delivered,
      received: pair.received,
      publishMs: pair.delivered > 0 ? pair.lastDelivered - at : 0,
      receiveMs: pair.received > 0 ? pair.lastReceived - at : 0,
    }));
  }

  /** A paced run: each publisher gets the messages due by the clock since `at`. */
  private offer(at: number, stamped: (pair: Pair) => OutgoingMessage): void {
    const rate = this.plan.rate as number;
    const due = Math.min(this.plan.count, Math.floor(((clockMs() - at) * rate) / 1000) + 1);
    for (const pair of this.pairs) {
      const offers = pair.offers as Subject<OutgoingMessage>;
      while (pair.offered < due) {
        pair.offered++;
        offers.next(stamped(pair));
      }
      if (pair.offered === this.plan.count && !offers.closed) offers.complete();
    }
  }

  /** Resolves when every pair received all its messages, or nothing arrived for {@link DRAIN_MS}. */
  private drained(): Promise<void> {
    return new Promise((done) => {
      let seen = -1;
      let quietSince = clockMs();
      const check = (): void => {
        const received = this.samples;
        const now = clockMs();
        if (received !== seen) {
          seen = received;
          quietSince = now;
        }
        if (received >= this.pairs.length * this.plan.count || now - quietSince >= DRAIN_MS) done();
        else setTimeout(check, 10);
      };
      check();
    });
  }

  /** Disconnects every client. */
  async close(): Promise<void> {
    this.subscriptions.unsubscribe();
    await Promise.all(this.pairs.map((p) => Promise.all([closeClient(p.publisher), closeClient(p.subscriber)])));
  }
}

/** `count` messages made by `make` as publishAll pulls them. */
function pulled(count: number, make: () => OutgoingMessage): Iterable<OutgoingMessage> {
  return {
    [Symbol.iterator]: () => {
      let made = 0;
      return {
        next: (): IteratorResult<OutgoingMessage> => (made < count ? (made++, { done: false, value: make() }) : { done: true, value: undefined }),
      };
    },
  };
}
