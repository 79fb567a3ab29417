import { asyncScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { MqttTimeoutError } from '../../../../lib/errors';
import { KeepaliveEvent, keepaliveWatchdog } from '../../../../lib/client/connection/keepalive';

// Activity marbles: s = bytes sent, r = packet received, p = PINGREQ sent by client.ping()
const EVENTS: { [k: string]: KeepaliveEvent } = { s: 'sent', r: 'received', p: 'pinged' };
// Output marbles: P = "send a PINGREQ now"
const OUT = { P: undefined };

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const dead = new MqttTimeoutError('PINGRESP_TIMEOUT', 'no answer to PINGREQ within 4 ms: the connection is dead', 4);

describe('keepaliveWatchdog (keepalive 10 ms, response timeout 4 ms)', () => {
  const timing = { keepalive: 10, responseTimeout: 4, scheduler: asyncScheduler };

  it('pings after 10 ms without sending, again 10 ms after each ping that got an answer', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const events = hot('  -------------r---------r---------', EVENTS);
      const expected = '    ----------P---------P---------P-';
      expectObservable(keepaliveWatchdog(events, timing), '^ 32ms !').toBe(expected, OUT);
    });
  });

  it('restarts the idle time on every packet sent while packets also come in (the side idle longer decides)', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const events = hot('  --r-s--r-s--r-s-----------r-------', EVENTS);
      const expected = '    ----------------------P---------P-';
      expectObservable(keepaliveWatchdog(events, timing), '^ 33ms !').toBe(expected, OUT);
    });
  });

  describe('the MQTT.js keepalive bug history', () => {
    it('bug 1, no PINGRESP timeout: a PINGREQ left unanswered kills the connection after the response timeout', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const events = hot('  -------------------', EVENTS);
        const expected = '    ----------P---#';
        expectObservable(keepaliveWatchdog(events, timing)).toBe(expected, OUT, dead);
      });
    });

    it('bug 2, pings rescheduled on received packets: a client that only receives still pings every 10 ms', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        // inbound traffic every 2 ms, nothing sent: received packets must not postpone the ping
        const events = hot('  -r-r-r-r-r-r-r-r-r-r-r-r-r-r-r-r-r-r-r-r-r-', EVENTS);
        const expected = '    ----------P---------P---------P---------P--';
        expectObservable(keepaliveWatchdog(events, timing), '^ 42ms !').toBe(expected, OUT);
      });
    });

    it('bug 2, the other half: sending does not keep pings away when nothing is received (a broker that stopped reading)', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const events = hot('  --s--s--s--s--s--s--s--s--s--', EVENTS);
        const expected = '    ----------P---#';
        expectObservable(keepaliveWatchdog(events, timing)).toBe(expected, OUT, dead);
      });
    });

    it('bug 3, false timeouts under load: any packet received after the PINGREQ counts as life', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        // PINGRESP stuck behind a burst: other packets arrive at 12, 14 and 17;
        // the PINGRESP itself only at 22; none of this is a timeout
        const events = hot('  ------------r-r--r----r-----', EVENTS);
        const expected = '    ----------P---------P-------';
        expectObservable(keepaliveWatchdog(events, timing), '^ 27ms !').toBe(expected, OUT);
      });
    });

    it('bug 3, but a link that falls silent after the burst is still detected', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const events = hot('  -----------r-------------', EVENTS);
        const expected = '    ----------P---------P---#';
        expectObservable(keepaliveWatchdog(events, timing)).toBe(expected, OUT, dead);
      });
    });
  });

  it('times out a ping sent by client.ping() too, without a keepalive ping of its own', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const events = hot('  ---p-------', EVENTS);
      const expected = '    -------#';
      expectObservable(keepaliveWatchdog(events, timing)).toBe(expected, OUT, dead);
    });
  });

  it('counts the deadline from the oldest unanswered PINGREQ', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const events = hot('  ---p-p-----', EVENTS);
      const expected = '    -------#';
      expectObservable(keepaliveWatchdog(events, timing)).toBe(expected, OUT, dead);
    });
  });

  it('with keepalive 0 never pings but still watches explicit pings', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const events = hot('  ---------------------------p-r---', EVENTS);
      const expected = '    --------------------------------';
      expectObservable(keepaliveWatchdog(events, { ...timing, keepalive: 0 }), '^ 31ms !').toBe(expected, OUT);
    });
  });

  it('completes with its events and leaves no timer behind', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const events = hot('  -----s---|', EVENTS);
      const expected = '    ---------|';
      expectObservable(keepaliveWatchdog(events, timing)).toBe(expected, OUT);
    });
    expect(scheduler.actions.length).toBe(0);
  });

  it('errors with a MqttTimeoutError carrying the code and the timeout', () => {
    testScheduler().run(({ cold, flush }) => {
      let error: unknown;
      keepaliveWatchdog(cold<KeepaliveEvent>('-'), timing).subscribe({ error: (e) => (error = e) });
      flush();
      expect(error).toBeInstanceOf(MqttTimeoutError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code: 'PINGRESP_TIMEOUT', timeoutMs: 4, name: 'MqttTimeoutError' });
      expect((error as Error).message).toBe('no answer to PINGREQ within 4 ms: the connection is dead');
    });
  });
});
