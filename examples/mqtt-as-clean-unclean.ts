/**
 * mqtt_as's `clean.py` and `unclean.py` (seed 001) with rxmqtt: what the clean session
 * flag means for QoS 1 messages published while a client is offline.
 * Run: `npm run example examples/mqtt-as-clean-unclean.ts` (MQTT_URL picks the broker;
 * the outage needs the embedded broker, which can cut one client's connection).
 *
 * A device subscribes to `foo_topic` at QoS 1. Its connection is cut; while it is away
 * a peer publishes three QoS 1 messages; the device reconnects by itself.
 * - `clean: true` (clean.py): the broker dropped the session with the connection, so the
 *   three messages are lost; the subscription is renewed by `topic()` after the reconnect.
 * - `clean: false` (unclean.py): the broker kept the session and queued the messages;
 *   they arrive right after the reconnect (`sessionPresent: yes`).
 * Both use `cleanInit: true` (mqtt_as `clean_init`): at power-up the old session is
 * discarded either way, so a device that was off for days does not drown in backlog.
 */
import { concatMap, filter, firstValueFrom, ignoreElements, lastValueFrom, merge, Subject, timer } from 'rxjs';
import { createClient } from '../lib';
import { describeState } from './support/describe-state';
import { ExampleOptions, runStandalone, withBroker } from './support/example-broker';

/** Options of {@link main}. */
export interface CleanOptions extends ExampleOptions {
  /** The mqtt_as `clean` flag of the device (default: run both, clean then unclean). */
  clean?: boolean;
  /** How long to wait for the backlog after the reconnect, in ms (default 1500). */
  settleMs?: number;
}

/** What one run saw. */
export interface CleanReport {
  clean: boolean;
  /** Messages published while the device was offline. */
  publishedWhileOffline: string[];
  /** Messages the device received after it came back. */
  receivedAfterReconnect: string[];
  /** `sessionPresent` of the reconnection. */
  sessionPresent: boolean;
}

const decoder = new TextDecoder();

/** Runs one scenario, or both when `options.clean` is not given. */
export async function main(options: CleanOptions = {}): Promise<CleanReport[]> {
  const modes = options.clean !== undefined ? [options.clean] : [true, false];
  const reports: CleanReport[] = [];
  for (const clean of modes) reports.push(await runScenario(clean, options));
  return reports;
}

function runScenario(clean: boolean, options: CleanOptions): Promise<CleanReport> {
  const settleMs = options.settleMs !== undefined ? options.settleMs : 1500;
  return withBroker(options, async (broker, log) => {
    if (!broker.embedded) throw new Error('this example cuts one client off the broker: run it without MQTT_URL (embedded broker)');
    const embedded = broker.embedded;
    const name = clean ? 'clean.py' : 'unclean.py';
    const clientId = (clean ? 'clean-' : 'unclean-') + Math.random().toString(36).slice(2, 8);
    log('--- ' + name + ': clean=' + clean + ', clean_init=true ---');
    // A reconnect delay long enough for the peer to publish while the device is away.
    const device = createClient({ url: broker.url, clientId, clean, cleanInit: true, reconnect: { initialDelay: 800, maxDelay: 800, jitter: 0 } });
    const peer = createClient({ url: broker.url, clientId: 'peer-' + clientId });
    const report: CleanReport = { clean, publishedWhileOffline: [], receivedAfterReconnect: [], sessionPresent: false };
    const states = device.state$.subscribe((state) => log('[device] ' + describeState(state)));
    const arrivals$ = new Subject<string>();
    let offline = false;
    const inbox = device.topic('foo_topic', { qos: 1 }).subscribe((m) => {
      const text = decoder.decode(m.payload);
      log('[device] received "' + text + '"');
      if (offline && text.indexOf('while offline') === 0) report.receivedAfterReconnect.push(text);
      arrivals$.next(text);
    });
    try {
      await firstValueFrom(device.connect());
      await firstValueFrom(peer.connect());
      // One message through first, so the subscription is known to be live before the outage.
      const probing$ = timer(0, 200).pipe(concatMap(() => peer.publish('foo_topic', 'before the outage', { qos: 1 })), ignoreElements());
      await firstValueFrom(merge(arrivals$, probing$));

      embedded.cutClient(clientId);
      log('[broker] cut the device off');
      await firstValueFrom(device.state$.pipe(filter((state) => state.status !== 'connected')));
      offline = true;
      for (let n = 1; n <= 3; n++) {
        const text = 'while offline ' + n;
        await lastValueFrom(peer.publish('foo_topic', text, { qos: 1 }));
        report.publishedWhileOffline.push(text);
        log('[peer] published "' + text + '" (QoS 1)');
      }
      const back = await firstValueFrom(device.state$.pipe(filter((state) => state.status === 'connected')));
      report.sessionPresent = back.status === 'connected' && back.sessionPresent;
      // Give a stored backlog time to arrive.
      await lastValueFrom(timer(settleMs));
    } finally {
      inbox.unsubscribe();
      await lastValueFrom(merge(device.disconnect(), peer.disconnect()), { defaultValue: undefined });
      states.unsubscribe();
    }
    log(name + ': ' + report.receivedAfterReconnect.length + ' of ' + report.publishedWhileOffline.length + ' offline messages arrived');
    return report;
  });
}

if (require.main === module) runStandalone(main);
