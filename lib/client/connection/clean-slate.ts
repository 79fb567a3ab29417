import { Observable, Subscription } from 'rxjs';
import { connectLink } from './connect-link';
import type { Link, LinkConfig } from './link';
import type { Transport } from '../transport';

function withClean(config: LinkConfig, clean: boolean): LinkConfig {
  return Object.assign({}, config, { connect: Object.assign({}, config.connect, { clean }) });
}

/**
 * mqtt_async's "clean slate" start (also mqtt_as with `clean_init` true and `clean`
 * false): one connection with CleanSession 1 wipes what the broker stored for the
 * client id, then DISCONNECT, then a fresh connection with CleanSession 0 starts the
 * persistent session the later reconnects resume. Needed because a clean session lasts
 * only as long as its connection [MQTT-3.1.2-6]: connecting clean and staying on that
 * connection would lose everything at the first outage.
 *
 * Like {@link connectLink}: emits the second (persistent) session after its CONNACK
 * and never completes; errors with what either connection errors with. The first one's
 * DISCONNECT also drops its will [MQTT-3.14.4-3].
 *
 * @example
 * ```ts
 * cleanSlateLink(transport, config).subscribe((session) => console.log(session.sessionPresent)); // false
 * ```
 */
export function cleanSlateLink(transport: Transport, config: LinkConfig): Observable<Link> {
  // concat(wipe, persistent) by hand: RxJS's concat brings from(), the schedulers'
  // scheduleArray and mergeMap into the browser bundle (about 0.65 KB gzipped) for this one use.
  return new Observable<Link>((subscriber) => {
    const wipe = new Subscription();
    let wiped = false;
    let persistent: Subscription | undefined;
    wipe.add(
      connectLink(transport, withClean(config, true)).subscribe({
        next: (session) => {
          wiped = true;
          session.send({ type: 'disconnect' });
          session.flush(); // the broker may close the link at once: no error after our DISCONNECT
          wipe.unsubscribe(); // closes the first connection
          if (!subscriber.closed) persistent = connectLink(transport, withClean(config, false)).subscribe(subscriber);
        },
        error: (error) => {
          if (!wiped) subscriber.error(error);
        },
      }),
    );
    return () => {
      wipe.unsubscribe();
      if (persistent) persistent.unsubscribe();
    };
  });
}
