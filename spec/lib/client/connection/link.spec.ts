import { concatMap } from 'rxjs';
import { connectAt, disconnectAt, LETTERS, receivedLetters, shaped, statusLabels, testScheduler, virtualClient } from '../support/harness';

// Broker-side letters: C CONNECT, P PUBLISH, p PINGREQ, D DISCONNECT.
// State letters: i idle, c connecting, o connected, d / x disconnected (x: by PINGRESP_TIMEOUT).
const STATE = { i: 'idle', c: 'connecting', o: 'connected', d: 'disconnected', x: 'disconnected:PINGRESP_TIMEOUT' };

describe('Link keepalive in a live connection (keepalive 1 s, response timeout 300 ms)', () => {
  const options = { keepalive: 1, responseTimeout: 300 };

  it('pings every keepalive interval while idle; PINGRESPs keep it connected', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient(options);
      expectObservable(receivedLetters(broker)).toBe('C 999ms p 999ms p 999ms p 499ms D', LETTERS);
      expectObservable(statusLabels(client)).toBe('(ico) 3495ms (d|)', STATE);
      connectAt(client, 0);
      disconnectAt(client, 3500);
    });
  });

  it('sends no PINGREQ while the client keeps sending and the broker answers', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient(options);
      // QoS 1 publishes at 400, 800, 1200 ms, each PUBACKed; the next ping is due 1 s after the last exchange
      expectObservable(receivedLetters(broker)).toBe('C 399ms P 399ms P 399ms P 999ms p 299ms D', LETTERS);
      connectAt(client, 0);
      cold('400ms a 399ms a 399ms a').subscribe(() => client.publish('t', 'x', { qos: 1 }).subscribe());
      disconnectAt(client, 2500);
    });
  });

  it('pings after a keepalive with nothing received, however much the client writes (QoS 0: the broker has nothing to answer)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient(options);
      expectObservable(receivedLetters(broker)).toBe('C 399ms P 399ms P 199ms p 199ms P 799ms p 499ms D', LETTERS);
      connectAt(client, 0);
      cold('400ms a 399ms a 399ms a').subscribe(() => client.publish('t', 'x').subscribe());
      disconnectAt(client, 2500);
    });
  });

  it('ends the connection with PINGRESP_TIMEOUT when the broker stops answering', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient(Object.assign({ reconnect: false as const }, options));
      broker.answers.pingresp = false;
      //                                       ping at 1000 ms, dead at 1300 ms
      expectObservable(statusLabels(client)).toBe('(ico) 1295ms (x|)', STATE);
      expectObservable(receivedLetters(broker)).toBe('C 999ms p', LETTERS);
      connectAt(client, 0);
    });
  });

  it('does not time out while inbound traffic flows, even if PINGRESPs are late or lost', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient(options);
      broker.answers.pingresp = false;
      expectObservable(statusLabels(client)).toBe('(ico) 3045ms (d|)', STATE);
      expectObservable(receivedLetters(broker)).toBe('C 999ms p 999ms p 999ms p 49ms D', LETTERS);
      connectAt(client, 0);
      // a busy inbound stream: a message every 100 ms, nothing sent by the client
      cold('100ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a 99ms a').subscribe(() =>
        broker.send({ type: 'publish', topic: 'busy', payload: new Uint8Array(1), qos: 0, retain: false, dup: false }),
      );
      disconnectAt(client, 3050);
    });
  });

  it('with keepalive 0 never pings', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0, responseTimeout: 300 });
      expectObservable(receivedLetters(broker)).toBe('C 199999ms D', LETTERS);
      connectAt(client, 0);
      disconnectAt(client, 200000);
    });
  });
});

describe('client.ping()', () => {
  it('emits the round trip in ms and completes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { client } = virtualClient({ keepalive: 0 }, { delay: 7 });
      // connected at 7; ping sent at 10, its PINGRESP back at 17: 7 ms
      expectObservable(cold('----------x').pipe(concatMap(() => client.ping()))).toBe('-----------------x', { x: 7 });
      expectObservable(client.ping(), '----------^').toBe('-----------------(x|)', { x: 7 });
      connectAt(client, 0);
      disconnectAt(client, 100);
    });
  });

  it('errors with PINGRESP_TIMEOUT when no PINGRESP comes in time, and NOT_CONNECTED before connect()', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0, responseTimeout: 300 });
      broker.answers.pingresp = false;
      expectObservable(shaped(client.ping())).toBe('#', undefined, {
        name: 'MqttError',
        code: 'NOT_CONNECTED',
        message: 'ping() needs a connected client: call connect() first',
      });
      expectObservable(shaped(client.ping()), '-^').toBe('- 300ms #', undefined, {
        name: 'MqttTimeoutError',
        code: 'PINGRESP_TIMEOUT',
        message: 'no PINGRESP within 300 ms',
      });
      connectAt(client, 0);
      // inbound traffic keeps the link alive, so only the ping itself times out
      cold('100ms a 99ms a 99ms a').subscribe(() =>
        broker.send({ type: 'publish', topic: 'x', payload: new Uint8Array(0), qos: 0, retain: false, dup: false }),
      );
      disconnectAt(client, 1000);
    });
  });

  it("errors with the connection's end when it drops while waiting", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0, reconnect: false });
      broker.answers.pingresp = false;
      expectObservable(shaped(client.ping()), '-^').toBe('-----#', undefined, {
        name: 'TransportError',
        code: 'CONNECTION_LOST',
        message: 'connection cut by the virtual broker',
      });
      connectAt(client, 0);
      cold('-----x').subscribe(() => broker.cut());
    });
  });
});
