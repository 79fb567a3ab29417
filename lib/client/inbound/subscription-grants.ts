import { Observable } from 'rxjs';
import type { MqttError } from '../../errors';
import type { SubscriptionGrant } from '../types';
import { Multicast } from '../shared/multicast';

/** What is known of one filter's grants: the latest one and who follows them. */
interface GrantRecord {
  last: SubscriptionGrant | null;
  readonly changes: Multicast<SubscriptionGrant>;
  followers: number;
}

/**
 * The SUBACK grants of the client's filters, for `topic(...).granted$`: each filter's
 * latest grant, replayed to a new follower, then every later one (a QoS upgrade, the
 * re-SUBSCRIBE after a reconnect). A filter's grants end when its subscription does:
 * completing when its last `topic()` observer left or the client closed, erroring with the
 * refusal or timeout that ended it.
 */
export class SubscriptionGrants {
  private readonly byFilter: { [key: string]: GrantRecord } = {};

  /** The grants of `filter`, as described above; following them does not subscribe. */
  of(filter: string): Observable<SubscriptionGrant> {
    return new Observable<SubscriptionGrant>((subscriber) => {
      const record = this.record(filter);
      record.followers++;
      const inner = record.changes.subscribe(subscriber);
      if (record.last !== null) subscriber.next(record.last);
      return () => {
        inner.unsubscribe();
        record.followers--;
        this.dropIfIdle(filter, record);
      };
    });
  }

  /** The broker granted `qos` to `filter`. */
  granted(filter: string, qos: number): void {
    const record = this.record(filter);
    record.last = { filter, qos: qos as SubscriptionGrant['qos'] };
    record.changes.next(record.last);
  }

  /** The subscription of `filter` ended: its followers complete, or error with `error`. */
  ended(filter: string, error: MqttError | null): void {
    const key = '/' + filter;
    const record = this.byFilter[key];
    if (record === undefined) return;
    delete this.byFilter[key];
    if (error === null) record.changes.complete();
    else record.changes.error(error);
  }

  private record(filter: string): GrantRecord {
    const key = '/' + filter;
    let record = this.byFilter[key];
    if (record === undefined) {
      record = { last: null, changes: new Multicast<SubscriptionGrant>(), followers: 0 };
      this.byFilter[key] = record;
    }
    return record;
  }

  /** A record nobody follows and that holds no grant is forgotten. */
  private dropIfIdle(filter: string, record: GrantRecord): void {
    if (record.followers === 0 && record.last === null && this.byFilter['/' + filter] === record) delete this.byFilter['/' + filter];
  }
}
