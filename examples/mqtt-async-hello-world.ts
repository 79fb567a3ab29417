/**
 * mqtt_async's `hello_world.py` (seed 003) with rxmqtt.
 * Run: `npm run example examples/mqtt-async-hello-world.ts` (MQTT_URL picks the broker).
 *
 * The client subscribes to `test/mqtt_async` at QoS 1 (mqtt_async does it in its
 * `connect_coro`; `client.topic()` also renews it after every reconnect) and publishes
 * `Hello World #n!` there at QoS 1, waiting for each PUBACK (mqtt_async `sync=True`).
 * Each message comes back and is printed as mqtt_async's callback prints it:
 * `topic msg retained qos`.
 */
import { concatMap, firstValueFrom, lastValueFrom, merge, ReplaySubject, take, timer } from 'rxjs';
import { createClient } from '../lib';
import { ExampleOptions, runStandalone, withBroker } from './support/example-broker';

/** Options of {@link main}. */
export interface HelloWorldOptions extends ExampleOptions {
  /** Messages to publish (default 5; the original runs forever). */
  count?: number;
  /** Time between messages in ms (default 1000; the original uses 5 s). */
  intervalMs?: number;
  /** Topic (default `test/mqtt_async`). */
  topic?: string;
}

/** The callback lines printed, for the spec. */
export interface HelloWorldReport {
  published: string[];
  received: string[];
}

const decoder = new TextDecoder();

/** Runs hello world; resolves once every message came back (or a second after the last PUBACK). */
export function main(options: HelloWorldOptions = {}): Promise<HelloWorldReport> {
  const count = options.count !== undefined ? options.count : 5;
  const intervalMs = options.intervalMs !== undefined ? options.intervalMs : 1000;
  const topic = options.topic || 'test/mqtt_async';
  return withBroker(options, async (broker, log) => {
    const report: HelloWorldReport = { published: [], received: [] };
    const client = createClient({ url: broker.url });
    const allBack$ = new ReplaySubject<void>(1);
    await firstValueFrom(client.connect());
    // subs_cb(topic, msg, retained, qos), on a subscription made once and kept across reconnects.
    const callback = client.topic(topic, { qos: 1 }).subscribe((m) => {
      const line = m.topic + ' ' + decoder.decode(m.payload) + ' ' + (m.retain ? 'True' : 'False') + ' ' + m.qos;
      report.received.push(line);
      log(line);
      if (report.received.length >= count) allBack$.next();
    });
    try {
      // The SUBSCRIBE went out before the first PUBLISH on this connection, so the broker has it first.
      await lastValueFrom(
        timer(0, intervalMs).pipe(
          take(count),
          concatMap((n) => {
            log('publish ' + n);
            const text = 'Hello World #' + n + '!';
            report.published.push(text);
            return client.publish(topic, text, { qos: 1 });
          }),
        ),
      );
      await firstValueFrom(merge(allBack$, timer(1000)));
    } finally {
      callback.unsubscribe();
      await lastValueFrom(client.disconnect(), { defaultValue: undefined });
    }
    return report;
  });
}

if (require.main === module) runStandalone(main);
