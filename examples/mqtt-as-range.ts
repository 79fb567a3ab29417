/**
 * mqtt_as's `range.py` (seed 001) with rxmqtt: the resilient client for WiFi range
 * testing. Run: `npm run example examples/mqtt-as-range.ts` (MQTT_URL picks the broker).
 *
 * - up/down events (mqtt_as `client.up` / `client.down`) come from `state$`;
 * - incoming messages on `foo_topic` go through a bounded queue (mqtt_as `queue_len`)
 *   whose `discards` counter says how many were lost to a slow consumer;
 * - an incrementing count is published to `result` at QoS 1; during an outage the
 *   publication waits and goes out after the reconnect, with the resend count in the text.
 * There is no need to renew subscriptions on `up`: `client.topic()` restores them.
 *
 * Watch it from a shell: `mosquitto_sub -h HOST -t result`, and feed it with
 * `mosquitto_pub -h HOST -t foo_topic -m hello` (the "pubtest" of mqtt_as). With the
 * embedded broker, the example plays pubtest itself and cuts the connection once.
 */
import { concatMap, EMPTY, finalize, firstValueFrom, ignoreElements, lastValueFrom, map, merge, Subject, take, takeUntil, tap, timer } from 'rxjs';
import { createClient } from '../lib';
import { connectionEvents, dropOldest } from '../operators';
import { ExampleOptions, runStandalone, withBroker } from './support/example-broker';

/** Options of the range example's {@link main}. */
export interface RangeOptions extends ExampleOptions {
  /** Publications to make before stopping (default 10; the original runs forever). */
  count?: number;
  /** Time between publications in ms (default 1000; the original uses 5 s). */
  intervalMs?: number;
  /** Client id (default `range-` + random). */
  clientId?: string;
  /** mqtt_as `queue_len` (default 1). */
  queueLength?: number;
}

/** What the example saw, for its spec. */
export interface RangeReport {
  published: string[];
  received: string[];
  ups: number;
  downs: number;
  discards: number;
}

const decoder = new TextDecoder();

/** Runs the range example; resolves after `count` publications, disconnected. */
export function main(options: RangeOptions = {}): Promise<RangeReport> {
  const count = options.count !== undefined ? options.count : 10;
  const intervalMs = options.intervalMs !== undefined ? options.intervalMs : 1000;
  const queueLength = options.queueLength !== undefined ? options.queueLength : 1;
  const clientId = options.clientId || 'range-' + Math.random().toString(36).slice(2, 8);

  return withBroker(options, async (broker, log) => {
    const report: RangeReport = { published: [], received: [], ups: 0, downs: 0, discards: 0 };
    const client = createClient({ url: broker.url, clientId, keepalive: 10, reconnect: { initialDelay: 300, maxDelay: 5000 } });
    const stop$ = new Subject<void>();
    // mqtt_as: `await client.connect()` raises on power-up failure; after that, outages are transparent.
    await firstValueFrom(client.connect());

    const events$ = connectionEvents(client.state$).pipe(
      tap((event) => {
        if (event.type === 'up') {
          report.ups++;
          log('We are connected to broker.');
        } else {
          report.downs++;
          log('WiFi or broker is down.');
        }
      }),
    );
    const messages$ = client.topic('foo_topic', { qos: 1 }).pipe(
      dropOldest(queueLength, (discards) => (report.discards = discards)),
      tap((m) => {
        const line = 'Topic: "' + m.topic + '" Message: "' + decoder.decode(m.payload) + '" Retained: ' + (m.retain ? 'True' : 'False');
        report.received.push(decoder.decode(m.payload));
        log(line);
      }),
    );
    const publications$ = timer(intervalMs, intervalMs).pipe(
      take(count),
      concatMap((n) => {
        log('publish ' + n);
        if (broker.embedded && n === Math.floor(count / 2)) {
          broker.embedded.cutClient(clientId);
          log('(the example cuts the connection to show an outage)');
        }
        // If the broker is unreachable this waits for the reconnect, as mqtt_as's publish does.
        const text = n + ' repubs: ' + client.stats.resends + ' outages: ' + report.downs;
        return client.publish('result', text, { qos: 1 }).pipe(map(() => text));
      }),
      tap((text) => report.published.push(text)),
    );
    // With the embedded broker, play mqtt_as's "pubtest": another client writing to foo_topic.
    const pubtest$ = broker.embedded ? pubtest(broker.url, intervalMs) : EMPTY;

    await lastValueFrom(
      merge(events$, messages$, pubtest$, publications$.pipe(tap({ complete: () => stop$.next() }))).pipe(ignoreElements(), takeUntil(stop$)),
      { defaultValue: undefined },
    );
    await lastValueFrom(client.disconnect(), { defaultValue: undefined });
    log('messages lost to the queue (discards): ' + report.discards);
    return report;
  });
}

/** A second client publishing `msg N` to foo_topic every `intervalMs`, as mqtt_as's pubtest script does with mosquitto_pub. */
function pubtest(url: string, intervalMs: number) {
  const peer = createClient({ url, clientId: 'pubtest-' + Math.random().toString(36).slice(2, 8) });
  return peer.connect().pipe(
    concatMap(() => timer(intervalMs / 2, intervalMs)),
    concatMap((n) => peer.publish('foo_topic', 'msg ' + n, { qos: 1 })),
    ignoreElements(),
    finalize(() => peer.disconnect().subscribe({ error: () => undefined })),
  );
}

if (require.main === module) runStandalone(main);
