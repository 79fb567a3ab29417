import type { MqttClient } from '../client/types';
import type { PubOut } from './gateway-config';
import type { TokenBucket } from './token-bucket';

/**
 * Publishes the gateway's own JSON reports (status, errors) with a bound on how many may
 * be in flight at once: a flood of malformed datagrams cannot flood the broker. Reports
 * over the bound are dropped and counted in {@link dropped}. Failures to publish are
 * swallowed (there is nowhere left to report them) and count as dropped too, as do
 * reports the client refuses at call time (never a throw). With a `rate` bucket, reports
 * over it are held back and counted in {@link suppressed}; the next report published
 * carries that count as `suppressed`.
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
  /** Reports held back by the rate limit. */
  suppressed = 0;
  private pending = 0;
  private unreported = 0;

  constructor(
    private readonly client: MqttClient,
    private readonly maxPending: number,
    private readonly now: () => number,
    private readonly rate?: TokenBucket,
  ) {}

  /** Publishes `{ time, ...body }` as JSON to `to`; does nothing when `to` is null. */
  publish(to: PubOut | null, body: object): void {
    if (to === null) return;
    if (this.rate && !this.rate.take()) {
      this.suppressed++;
      this.unreported++;
      return;
    }
    if (this.unreported > 0) {
      body = Object.assign({ suppressed: this.unreported }, body);
      this.unreported = 0;
    }
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
