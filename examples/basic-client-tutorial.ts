/**
 * The basic MQTT client tutorial (seed 002) with rxmqtt: a "smart home" light that
 * publishes its state every second under a device UUID and takes commands.
 * Run: `npm run example examples/basic-client-tutorial.ts` (MQTT_URL picks the broker).
 *
 * - state: `<UUID>/home/living_room/light`, published every `intervalMs` (the tutorial's
 *   `message_interval`), payload `1` or `0`;
 * - commands: `<UUID>/living_room/light` (the tutorial's subscription), payload `1`/`0`
 *   switches the light; every message is printed as `(topic, msg)`.
 * Where the tutorial calls `machine.reset()` after a socket error, rxmqtt reconnects by
 * itself. Try it against a broker:
 *   mosquitto_sub -h HOST -t '<UUID>/home/living_room/light'
 *   mosquitto_pub -h HOST -t '<UUID>/living_room/light' -m 0
 * With the embedded broker the example sends one "0" command itself, halfway.
 */
import { randomUUID } from 'node:crypto';
import { concatMap, filter, firstValueFrom, lastValueFrom, map, startWith, take, tap, timer, withLatestFrom } from 'rxjs';
import { createClient } from '../lib';
import { ExampleOptions, runStandalone, withBroker } from './support/example-broker';

/** Options of {@link main}. */
export interface TutorialOptions extends ExampleOptions {
  /** The device UUID (default: a fresh random one, `uuid4`). */
  uuid?: string;
  /** Light states to publish (default 6; the tutorial runs forever). */
  count?: number;
  /** The tutorial's `message_interval`, in ms (default 1000). */
  intervalMs?: number;
}

/** What the light did, for the spec. */
export interface TutorialReport {
  uuid: string;
  /** Each published light state, in order. */
  published: number[];
  /** Each command received, as `(topic, msg)`. */
  commands: string[];
}

const decoder = new TextDecoder();

/** Runs the light; resolves after `count` publications, disconnected. */
export function main(options: TutorialOptions = {}): Promise<TutorialReport> {
  const uuid = options.uuid || randomUUID();
  const count = options.count !== undefined ? options.count : 6;
  const intervalMs = options.intervalMs !== undefined ? options.intervalMs : 1000;
  const stateTopic = uuid + '/home/living_room/light';
  const commandTopic = uuid + '/living_room/light';

  return withBroker(options, async (broker, log) => {
    const report: TutorialReport = { uuid, published: [], commands: [] };
    log('[-] Connecting to MQTT client ...');
    const client = createClient({ url: broker.url, clientId: uuid });
    await firstValueFrom(client.connect());
    log('[-] Connected to ' + broker.url + ' MQTT broker successfully');

    // on_message_callback: print (topic, msg); a 1 or 0 switches the light.
    const lightStatus$ = client.topic(commandTopic).pipe(
      tap((m) => {
        const line = "('" + m.topic + "', '" + decoder.decode(m.payload) + "')";
        report.commands.push(line);
        log(line);
      }),
      map((m) => decoder.decode(m.payload).trim()),
      filter((text) => text === '0' || text === '1'),
      map(Number),
      startWith(1), // dummy light status of the living room
    );
    log('[-] Subscribed to living_room/light successfully');

    const publishing$ = timer(0, intervalMs).pipe(
      take(count),
      withLatestFrom(lightStatus$),
      concatMap(([n, status]) => {
        if (broker.embedded && n === Math.floor(count / 2)) sendCommand(broker.url, commandTopic, '0', log);
        return client.publish(stateTopic, String(status)).pipe(
          tap(() => {
            report.published.push(status);
            log('[-] published light status: ' + status);
          }),
        );
      }),
    );
    try {
      await lastValueFrom(publishing$, { defaultValue: undefined });
    } finally {
      await lastValueFrom(client.disconnect(), { defaultValue: undefined });
    }
    return report;
  });
}

/** What `mosquitto_pub -t <UUID>/living_room/light -m 0` does, from a second client. */
function sendCommand(url: string, topic: string, text: string, log: (line: string) => void): void {
  const phone = createClient({ url });
  log('(another client sends the command ' + text + ')');
  phone
    .connect()
    .pipe(
      concatMap(() => phone.publish(topic, text, { qos: 1 })),
      concatMap(() => phone.disconnect()),
    )
    .subscribe({ error: (error: Error) => log('(the command failed: ' + error.message + ')') });
}

if (require.main === module) runStandalone(main);
