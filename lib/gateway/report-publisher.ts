import type { MqttClient } from '../client/types';
import type { PubOut } from './gateway-config';

/**
 * Publishes the gateway's own JSON reports (status, errors) with a bound on how many may
 * be in flight at once: a flood of malformed datagrams cannot flood the broker. Reports
 * over the bound are dropped and counted in {@link dropped}. Failures to publish are
 * swallowed (there is nowhere left to report them) and count as dropped too, as do
 * reports the client refuses at call time (never a throw).
 *
 * @example
 * ```ts
 * const reports = new ReportPublisher(client, 20, () => Date.now());
 * reports.publish(config.errors, { code: 'MALFORMED_DATAGRAM', message: '...' });
 * ```
 */
export class ReportPublisher {
  /** Reports not published: over the in-flight bound, or failed. */
  dropped = 0;
  private pending = 0;

  constructor(
    private readonly client: MqttClient,
    private readonly maxPending: number,
    private readonly now: () => number,
  ) {}

  /** Publishes `{ time, ...body }` as JSON to `to`; does nothing when `to` is null. */
  publish(to: PubOut | null, body: object): void {
    if (to === null) return;
    if (this.pending >= this.maxPending) {
      this.dropped++;
      return;
    }
    this.pending++;
    const payload = JSON.stringify(Object.assign({ time: new Date(this.now()).toISOString() }, body));
    let settled = false;
    const settle = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      this.pending--;
      if (!ok) this.dropped++;
    };
    try {
      this.client.publish(to.topic, payload, { qos: to.qos, retain: to.retain }).subscribe({
        next: (result) => settle(result.ok),
        error: () => settle(false),
        complete: () => settle(true),
      });
    } catch (e) {
      settle(false); // refused at call time: dropped like a failed report
    }
  }
}
