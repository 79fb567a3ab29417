/**
 * mqtt_async's streaming publish (seed 003) with rxmqtt: many small QoS 1 messages to
 * one topic, first waiting for each PUBACK before the next (mqtt_async `sync=True`),
 * then with `client.publishAll(messages$, { maxInFlight })`, which overlaps the PUBACK
 * waits (mqtt_async `sync=False`) while keeping at most `maxInFlight` unacknowledged.
 * A subscriber checks that every message arrives, in order (MQTT 3.1.1 §4.6 for one
 * topic at QoS 1). Run: `npm run example examples/mqtt-async-streaming.ts`.
 */
import { concatMap, firstValueFrom, ignoreElements, lastValueFrom, map, merge, range, ReplaySubject, timer, toArray } from 'rxjs';
import { createClient, type MqttClient, type OutgoingMessage, type PublishResult } from '../lib';
import { ExampleOptions, runStandalone, withBroker } from './support/example-broker';

/** Options of {@link main}. */
export interface StreamingOptions extends ExampleOptions {
  /** Messages per run (default 2000). */
  count?: number;
  /** Payload bytes (default 1400: one TCP segment, as mqtt_async suggests). */
  size?: number;
  /** Unacknowledged messages allowed in the streaming run (default 32). */
  maxInFlight?: number;
}

/** One run's figures. */
export interface StreamingRun {
  mode: 'one at a time' | 'streaming';
  delivered: number;
  ms: number;
  perSecond: number;
  /** Whether the subscriber got every message, in order. */
  inOrder: boolean;
}

/** Runs both modes; resolves their figures. */
export function main(options: StreamingOptions = {}): Promise<StreamingRun[]> {
  const count = options.count !== undefined ? options.count : 2000;
  const size = options.size !== undefined ? options.size : 1400;
  const maxInFlight = options.maxInFlight !== undefined ? options.maxInFlight : 32;
  return withBroker(options, async (broker, log) => {
    const publisher = createClient({ url: broker.url });
    const subscriber = createClient({ url: broker.url });
    await firstValueFrom(publisher.connect());
    await firstValueFrom(subscriber.connect());
    const runs: StreamingRun[] = [];
    try {
      for (const mode of ['one at a time', 'streaming'] as const) {
        const topic = 'stream/' + Math.random().toString(36).slice(2, 8);
        const run = await measure(publisher, subscriber, topic, mode, count, size, maxInFlight);
        runs.push(run);
        log(
          mode.padEnd(13) + ': ' + run.delivered + ' × ' + size + ' B at QoS 1 in ' + run.ms.toFixed(0) + ' ms = ' + run.perSecond + ' msg/s, ' +
            (run.inOrder ? 'all received in order' : 'NOT all in order'),
        );
      }
    } finally {
      await lastValueFrom(merge(publisher.disconnect(), subscriber.disconnect()), { defaultValue: undefined });
    }
    return runs;
  });
}

async function measure(
  publisher: MqttClient,
  subscriber: MqttClient,
  topic: string,
  mode: StreamingRun['mode'],
  count: number,
  size: number,
  maxInFlight: number,
): Promise<StreamingRun> {
  const seen: number[] = [];
  const allIn$ = new ReplaySubject<void>(1);
  const ready$ = new ReplaySubject<void>(1);
  const inbox = subscriber.topic(topic, { qos: 1 }).subscribe((m) => {
    if (m.payload.length < 4) {
      ready$.next(); // the probe: the subscription is live
      return;
    }
    seen.push(new DataView(m.payload.buffer, m.payload.byteOffset, 4).getUint32(0));
    if (seen.length >= count) allIn$.next();
  });
  try {
    await firstValueFrom(merge(ready$, timer(0, 100).pipe(concatMap(() => publisher.publish(topic, '', { qos: 0 })), ignoreElements())));
    const message = (n: number): OutgoingMessage => {
      const payload = new Uint8Array(size);
      new DataView(payload.buffer).setUint32(0, n);
      return { topic, payload, qos: 1 };
    };
    const started = Date.now();
    let results: PublishResult[];
    if (mode === 'one at a time') {
      results = await lastValueFrom(range(0, count).pipe(concatMap((n) => publisher.publish(topic, message(n).payload, { qos: 1 })), toArray()));
    } else {
      results = await lastValueFrom(publisher.publishAll(range(0, count).pipe(map(message)), { maxInFlight }).pipe(toArray()));
    }
    const ms = Date.now() - started;
    await firstValueFrom(merge(allIn$, timer(2000)));
    let inOrder = seen.length === count;
    for (let i = 0; inOrder && i < count; i++) inOrder = seen[i] === i;
    const delivered = results.filter((r) => r.ok).length;
    return { mode, delivered, ms, perSecond: Math.round((delivered * 1000) / Math.max(ms, 1)), inOrder };
  } finally {
    inbox.unsubscribe();
  }
}

if (require.main === module) runStandalone(main);
