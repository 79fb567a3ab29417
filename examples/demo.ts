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
 */
import { concat, concatMap, filter, firstValueFrom, map, merge, Observable, share, take, takeUntil, tap, timer, Subject, lastValueFrom, ignoreElements } from 'rxjs';
import { createClient, type MqttClient, type MqttMessage } from '../lib';
import { describeState } from './support/describe-state';
import { ExampleOptions, runStandalone, withBroker } from './support/example-broker';

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
    // Done when every reading arrived and every PUBACK came back (either may be last).
    const finished = (): boolean => report.received.length === readings && report.delivered === readings;

    try {
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
          if (seq === cutAfter && cutAfter > 0 && broker.embedded) {
            report.cut = true;
            log('--- the broker cuts every connection (' + broker.embedded.cutConnections() + ' cut) ---');
          }
          const room = ROOMS[seq % ROOMS.length];
          const payload = JSON.stringify({ seq, celsius: 20 + 3 * Math.sin(seq / 2) });
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
        merge(announce$, subscriberPipeline$, publisherPipeline$).pipe(ignoreElements(), takeUntil(merge(done$, timer(deadlineMs)))),
        { defaultValue: undefined },
      );
      // Leave the broker tidy: clear the retained status (an empty retained message deletes it).
      await lastValueFrom(publisher.publish(statusTopic, '', { qos: 1, retain: true }), { defaultValue: undefined });
    } finally {
      await lastValueFrom(merge(publisher.disconnect(), subscriber.disconnect()), { defaultValue: undefined });
      for (let i = 0; i < watchers.length; i++) watchers[i].unsubscribe();
    }
    if (!broker.embedded) {
      // The subscriber's session (clean: false) would stay on a real broker: end it with a clean connection.
      const sweeper = createClient({ url: broker.url, clientId: 'demo-sub-' + run, clean: true });
      await lastValueFrom(concat(sweeper.connect(), sweeper.disconnect()), { defaultValue: undefined });
    }
    log('received ' + report.received.length + '/' + readings + ' readings, ' + report.delivered + ' acknowledged' + (report.cut ? ', across one outage' : ''));
    if (report.received.length < readings) throw new Error('only ' + report.received.length + ' of ' + readings + ' readings arrived');
    return report;
  });
}

if (require.main === module) runStandalone(main);
