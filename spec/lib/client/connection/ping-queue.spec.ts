import { asyncScheduler, Observable } from 'rxjs';
import { ClientClosedError } from '../../../../lib/errors';
import { MAX_PENDING_PINGS, PingQueue } from '../../../../lib/client/connection/ping-queue';
import { shaped, testScheduler } from '../support/harness';

describe('PingQueue', () => {
  it('answers the oldest PINGREQ first; keepalive pings hold their place in line', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const pings = new PingQueue(asyncScheduler, 100);
      const ping = () => new Observable<number>((s) => pings.add(s));
      cold('--k').subscribe(() => pings.add(null)); // keepalive ping at 2
      cold('------a--b').subscribe(() => pings.answered()); // PINGRESPs at 6 and 9
      // user ping at 4: the first PINGRESP answers the keepalive ping, the second this one
      expectObservable(ping(), '----^').toBe('---------(x|)', { x: 5 });
    });
  });

  it('times a waiting ping out, and fails the rest when the connection ends', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const slow = new PingQueue(asyncScheduler, 10);
      const ending = new PingQueue(asyncScheduler, 10);
      const ping = (q: PingQueue) => shaped(new Observable<number>((s) => q.add(s)));
      expectObservable(ping(slow)).toBe('10ms #', undefined, { name: 'MqttTimeoutError', code: 'PINGRESP_TIMEOUT', message: 'no PINGRESP within 10 ms' });
      expectObservable(ping(ending), '---^').toBe('-----#', undefined, { name: 'ClientClosedError', code: 'CLIENT_CLOSED', message: 'the client is closed' });
      cold('-----x').subscribe(() => ending.failAll(new ClientClosedError()));
    });
  });

  it('stays bounded when a broker never answers', () => {
    const pings = new PingQueue(asyncScheduler, 10);
    for (let i = 0; i < MAX_PENDING_PINGS * 3; i++) pings.add(null);
    expect(pings.size).toBe(MAX_PENDING_PINGS);
  });

  it('forgets an observer that left: its answer goes nowhere', () => {
    const pings = new PingQueue(asyncScheduler, 10000);
    let got = -1;
    const subscription = new Observable<number>((s) => pings.add(s)).subscribe((v) => (got = v));
    subscription.unsubscribe();
    pings.answered();
    expect(got).toBe(-1);
    expect(pings.size).toBe(0);
  });
});
