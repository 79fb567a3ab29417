/**
 * The rxmqtt demo: `npm run demo`.
 *
 * Starts an embedded broker (or uses MQTT_URL), then runs two clients built from
 * rxmqtt observables:
 * - a publisher pipeline that announces itself with a retained status (and a will saying
 *   "offline"), then publishes temperature readings from three rooms at QoS 1;
 * - a subscriber pipeline on the wildcard filter `demo/<run>/#` that prints the
 *   readings and the status changes.
 * Halfway through, the broker cuts every connection once: both clients show the
 * outage on `state$`, reconnect by themselves, and every QoS 1 reading still arrives
 * (the subscriber keeps its session across outages: `clean: false`, `cleanInit: true`).
 * The demo prints each connection state transition and each message, and exits by itself.
 *
 * `npm run demo` also serves a live dashboard on 127.0.0.1 (its URL is printed first): a
 * page that loads rxmqtt's browser bundle, connects over WebSocket to the same embedded
 * broker and draws the readings per room, its own connection state over time and the
 * outage. Run as a program it publishes for about 22 s (the outage lasts 3 s) and exits;
 * with `--serve` (or when a terminal is attached) it keeps publishing, with an outage
 * every 15 s, until Ctrl-C.
 */
import { concat, concatMap, filter, firstValueFrom, from, map, merge, NEVER, Observable, share, take, takeUntil, tap, timer, Subject, lastValueFrom, ignoreElements } from 'rxjs';
import { createClient, type MqttClient, type MqttMessage } from '../lib';
import { describeState } from './support/describe-state';
import { ExampleOptions, withBroker } from './support/example-broker';
import { Dashboard, startDashboard } from './dashboard/serve-dashboard';

/** Options of the demo's {@link main}. */
export interface DemoOptions extends ExampleOptions {
  /** Readings to publish (default 12). */
  readings?: number;
  /** Time between readings in ms (default 300). */
  intervalMs?: number;
  /**
   * Cut the connections once after this many readings (0: never; only with the embedded
   * broker). Default: half of them.
   */
  cutAfter?: number;
  /** Give up waiting for the readings after this many ms (default 8000). */
  deadlineMs?: number;
  /** Keep the broker down this many ms when it cuts the connections (default 0: clients reconnect at once). */
  outageMs?: number;
  /** Cut the connections again every this many readings after the first cut (default 0: once). */
  cutEvery?: number;
  /**
   * Serve the live dashboard (embedded broker only). Called with its URL once it listens;
   * the readings start when the promise it returns resolves.
   */
  dashboard?: (url: string) => Promise<void> | void;
  /** Ends the demo early when it resolves (Ctrl-C); needed when `readings` is `Infinity`. */
  until?: Promise<void>;
}

/** What the demo saw, for its spec. */
export interface DemoReport {
  /** Sequence numbers of the readings the subscriber received, in arrival order. */
  received: number[];
  /** Readings the publisher got a PUBACK for. */
  delivered: number;
  /** Connection states of each client, as `describeState` phrases. */
  states: { publisher: string[]; subscriber: string[] };
  /** Whether the connections were cut (only with the embedded broker). */
  cut: boolean;
}

const ROOMS = ['kitchen', 'living_room', 'garage'];
const decoder = new TextDecoder();

/** Runs the demo; resolves its report once every reading arrived (or the deadline passed) and both clients disconnected. */
export function main(options: DemoOptions = {}): Promise<DemoReport> {
  const readings = options.readings !== undefined ? options.readings : 12;
  const intervalMs = options.intervalMs !== undefined ? options.intervalMs : 300;
  const cutAfter = options.cutAfter !== undefined ? options.cutAfter : Math.floor(readings / 2);
  const deadlineMs = options.deadlineMs !== undefined ? options.deadlineMs : 8000;
  const cutEvery = options.cutEvery !== undefined ? options.cutEvery : 0;
  const outageMs = options.outageMs !== undefined ? options.outageMs : 0;
  const isCut = (seq: number): boolean =>
    cutAfter > 0 && (seq === cutAfter || (cutEvery > 0 && seq > cutAfter && (seq - cutAfter) % cutEvery === 0));

  return withBroker(options, async (broker, log) => {
    const run = Math.random().toString(36).slice(2, 8);
    const base = 'demo/' + run;
    const statusTopic = base + '/status/publisher';
    // Reconnect quickly for the demo (the default policy starts at 1 s and grows to 2 min).
    const reconnect = { initialDelay: 200, maxDelay: 1000 };
    const publisher = createClient({
      url: broker.url,
      clientId: 'demo-pub-' + run,
      reconnect,
      will: { topic: statusTopic, payload: 'offline (will)', qos: 1, retain: true },
    });
    const subscriber = createClient({ url: broker.url, clientId: 'demo-sub-' + run, clean: false, cleanInit: true, reconnect });
    const report: DemoReport = { received: [], delivered: 0, states: { publisher: [], subscriber: [] }, cut: false };
    const watchState = (name: 'publisher' | 'subscriber', client: MqttClient) =>
      client.state$.subscribe((state) => {
        const phrase = describeState(state);
        report.states[name].push(phrase);
        log('[' + name + '] state: ' + phrase);
      });
    const watchers = [watchState('publisher', publisher), watchState('subscriber', subscriber)];
    const done$ = new Subject<void>();
    let dashboard: Dashboard | undefined;
    // Done when every reading arrived and every PUBACK came back (either may be last).
    const finished = (): boolean => report.received.length === readings && report.delivered === readings;

    try {
      if (options.dashboard && broker.embedded) {
        dashboard = await startDashboard(broker.embedded, { base, intervalMs });
        log('dashboard: ' + dashboard.url + ' (open it in a browser)');
        await options.dashboard(dashboard.url);
      }
      await firstValueFrom(publisher.connect());
      await firstValueFrom(subscriber.connect());

      // The publisher says it is online (retained), again after every reconnect.
      const announce$ = publisher.state$.pipe(
        filter((state) => state.status === 'connected'),
        concatMap(() => publisher.publish(statusTopic, 'online', { qos: 1, retain: true })),
      );

      // The subscriber pipeline: one wildcard subscription, messages split by kind.
      const messages$: Observable<MqttMessage> = subscriber.topic(base + '/#', { qos: 1 }).pipe(share());
      const status$ = messages$.pipe(filter((m) => m.topic === statusTopic));
      const readings$ = messages$.pipe(
        filter((m) => m.topic.indexOf(base + '/sensors/') === 0),
        map((m) => ({ room: m.topic.split('/')[3], reading: JSON.parse(decoder.decode(m.payload)) as { seq: number; celsius: number } })),
      );
      const subscriberPipeline$ = merge(
        status$.pipe(tap((m) => log('[subscriber] ' + m.topic.slice(base.length + 1) + ' = ' + decoder.decode(m.payload) + (m.retain ? ' (retained)' : '')))),
        readings$.pipe(
          tap(({ room, reading }) => {
            if (report.received.indexOf(reading.seq) < 0) report.received.push(reading.seq);
            log('[subscriber] reading #' + reading.seq + ' ' + room + ' ' + reading.celsius.toFixed(1) + ' °C');
            if (finished()) done$.next();
          }),
        ),
      );

      // The publisher pipeline starts once the subscriber sees the retained status (its subscription is live).
      const publisherPipeline$ = status$.pipe(
        take(1),
        concatMap(() => timer(0, intervalMs).pipe(take(readings))),
        concatMap((seq) => {
          if (isCut(seq) && broker.embedded) {
            report.cut = true;
            if (outageMs > 0) log('--- the broker goes down for ' + outageMs + ' ms (' + broker.embedded.outage(outageMs) + ' connections cut) ---');
            else log('--- the broker cuts every connection (' + broker.embedded.cutConnections() + ' cut) ---');
          }
          const room = ROOMS[seq % ROOMS.length];
          const payload = JSON.stringify({ seq, celsius: 20 + 3 * Math.sin(seq / 2), at: Date.now() });
          // QoS 1: completes on PUBACK; while offline the client queues it and sends it after reconnecting.
          return publisher.publish(base + '/sensors/' + room + '/temperature', payload, { qos: 1 }).pipe(
            tap((result) => {
              if (result.ok) report.delivered++;
              if (finished()) done$.next();
              log('[publisher] reading #' + seq + (result.ok ? ' delivered (PUBACK)' : ' failed: ' + (result.error && result.error.message)));
            }),
          );
        }),
      );

      await lastValueFrom(
        merge(announce$, subscriberPipeline$, publisherPipeline$).pipe(
          ignoreElements(),
          takeUntil(merge(done$, deadlineMs === Infinity ? NEVER : timer(deadlineMs), options.until ? from(options.until) : NEVER)),
        ),
        { defaultValue: undefined },
      );
      // Leave the broker tidy: clear the retained status (an empty retained message deletes it).
      await lastValueFrom(publisher.publish(statusTopic, '', { qos: 1, retain: true }), { defaultValue: undefined });
    } finally {
      await lastValueFrom(merge(publisher.disconnect(), subscriber.disconnect()), { defaultValue: undefined });
      if (dashboard) await dashboard.stop();
      for (let i = 0; i < watchers.length; i++) watchers[i].unsubscribe();
    }
    if (!broker.embedded) {
      // The subscriber's session (clean: false) would stay on a real broker: end it with a clean connection.
      const sweeper = createClient({ url: broker.url, clientId: 'demo-sub-' + run, clean: true });
      await lastValueFrom(concat(sweeper.connect(), sweeper.disconnect()), { defaultValue: undefined });
    }
    const outages = cutEvery > 0 ? ', across outages' : ', across one outage';
    log('received ' + report.received.length + '/' + (readings === Infinity ? report.delivered : readings) + ' readings, ' + report.delivered + ' acknowledged' + (report.cut ? outages : ''));
    if (readings !== Infinity && report.received.length < readings) throw new Error('only ' + report.received.length + ' of ' + readings + ' readings arrived');
    return report;
  });
}

/**
 * `npm run demo [-- --serve]`: the demo with its dashboard. Without `--serve` and without a
 * terminal it publishes for about 22 s (88 readings, 250 ms apart, a 3 s outage halfway)
 * and exits by itself; with `--serve` or a terminal it runs until Ctrl-C. `MQTT_URL` picks
 * another broker (then without dashboard or outage).
 */
function runDemo(argv: string[]): void {
  const serve = argv.indexOf('--serve') >= 0 || argv.indexOf('--watch') >= 0 || (process.stdin.isTTY === true && argv.indexOf('--once') < 0);
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const intervalMs = 250;
  main({
    url: process.env.MQTT_URL || undefined,
    readings: serve ? Infinity : 88,
    intervalMs,
    cutAfter: serve ? 40 : 44,
    cutEvery: serve ? 60 : 0,
    outageMs: 3000,
    deadlineMs: serve ? Infinity : 88 * intervalMs + 20000,
    dashboard: () => console.log(serve ? '(running until Ctrl-C)' : '(running about 22 s; npm run demo -- --serve keeps it running)'),
    until: interrupted,
  }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('error: ' + (error instanceof Error ? error.message : String(error)));
      process.exit(1);
    },
  );
}

if (require.main === module) runDemo(process.argv.slice(2));
