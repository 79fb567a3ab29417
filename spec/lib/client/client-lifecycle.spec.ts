import { asyncScheduler, filter, firstValueFrom, map } from 'rxjs';
import { ClientClosedError } from '../../../lib/errors';
import { resolveClientOptions } from '../../../lib/client/options/resolve-options';
import { retryBackoff } from '../../../operators/retry-backoff';
import type { ClientOptions, ReconnectPolicy } from '../../../lib/client/types';
import {
  connectAt,
  disconnectAt,
  LETTERS,
  receivedLetters,
  shaped,
  errorShape,
  statusLabels,
  testScheduler,
  virtualClient,
} from './support/harness';
import { at, lettered, publishAt, stateLabels } from './support/resilience';

const STATE = {
  i: 'idle',
  c: 'connecting',
  o: 'connected',
  d: 'disconnected',
  t: 'disconnected:CONNACK_TIMEOUT',
  r: 'disconnected:CONNECTION_REFUSED',
  l: 'disconnected:CONNECTION_LOST',
  f: 'disconnected:CONNECT_FAILED',
};
const CLOSED_BY_DISCONNECT = { name: 'ClientClosedError', code: 'CLIENT_CLOSED', message: 'the client is closed: disconnect() was called' };

describe('ClientLifecycle: state$, connect(), disconnect()', () => {
  it('state$ replays idle, goes connecting → connected, and ends disconnected after disconnect()', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({}, { delay: 4 });
      expectObservable(statusLabels(client)).toBe('(ic) o 5ms (d|)', STATE);
      expectObservable(receivedLetters(broker)).toBe('C 9ms D', LETTERS);
      expectObservable(client.connect()).toBe('---- (x|)', { x: { sessionPresent: false, reasonCode: 0, properties: {} } });
      disconnectAt(client, 10);
    });
  });

  it('connect() is lazy and shared: one CONNECT for several callers; a late caller gets the current CONNACK result', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ clean: false, clientId: 'keeper' }, { delay: 2 });
      const connect = client.connect();
      // three observers, one CONNECT
      expectObservable(receivedLetters(broker)).toBe('C 7ms D', LETTERS);
      expectObservable(connect, '^').toBe('--(x|)', { x: { sessionPresent: false, reasonCode: 0, properties: {} } });
      expectObservable(connect, '-^').toBe('--(x|)', { x: { sessionPresent: false, reasonCode: 0, properties: {} } });
      expectObservable(connect, '-----^').toBe('-----(x|)', { x: { sessionPresent: false, reasonCode: 0, properties: {} } });
      disconnectAt(client, 8);
    });
  });

  it('errors connect() on the first failure and leaves the client reusable', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient({ responseTimeout: 50 });
      broker.answers.connack = false;
      expectObservable(statusLabels(client)).toBe('(ic) 46ms t 9ms (co) 16ms (d|)', STATE);
      expectObservable(shaped(client.connect())).toBe('50ms #', undefined, {
        name: 'MqttTimeoutError',
        code: 'CONNACK_TIMEOUT',
        message: 'no CONNACK within 50 ms',
      });
      cold('60ms x').subscribe(() => {
        broker.answers.connack = true;
        client.connect().subscribe();
      });
      disconnectAt(client, 80);
    });
  });

  it('a refused CONNACK errors connect() with the ConnectionRefusedError', async () => {
    const { broker, client } = virtualClient();
    broker.connackCode = 4;
    const error = await firstValueFrom(client.connect()).catch((e: unknown) => e);
    expect(errorShape(error)).toEqual({
      name: 'ConnectionRefusedError',
      code: 'CONNECTION_REFUSED',
      message: 'connection refused: bad user name or password (return code 4)',
      returnCode: 4,
      reason: 'bad user name or password',
    });
    let last = '';
    client.state$.subscribe((s) => (last = s.status + ':' + (s.status === 'disconnected' ? s.error?.message : '')));
    expect(last).toBe('disconnected:connection refused: bad user name or password (return code 4)');
  });

  it('with reconnect: false an outage ends the client: state$ disconnected with the error, then complete', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient({ reconnect: false });
      expectObservable(statusLabels(client)).toBe('(ico) 5ms (l|)', STATE);
      expectObservable(shaped(client.topic('a/#')), '^').toBe('----------#', undefined, {
        name: 'TransportError',
        code: 'CONNECTION_LOST',
        message: 'connection cut by the virtual broker',
      });
      expectObservable(shaped(client.messages$)).toBe('----------#', undefined, {
        name: 'TransportError',
        code: 'CONNECTION_LOST',
        message: 'connection cut by the virtual broker',
      });
      expectObservable(shaped(client.connect()), '-----------------^').toBe('-----------------#', undefined, {
        name: 'ClientClosedError',
        code: 'CLIENT_CLOSED',
        message: 'the client is closed: connection cut by the virtual broker',
      });
      connectAt(client, 0);
      cold('----------x').subscribe(() => broker.cut());
    });
  });

  it('disconnect() sends DISCONNECT, closes the transport, completes every stream and emits once', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient();
      expectObservable(receivedLetters(broker)).toBe('(CS) 5ms D', LETTERS);
      expectObservable(client.topic('a/+')).toBe('---------|');
      expectObservable(client.messages$).toBe('---------|');
      expectObservable(client.disconnect(), '---------^').toBe('---------(v|)', { v: { abandoned: [] } });
      connectAt(client, 0);
    });
  });

  it('every call after disconnect() errors with ClientClosedError, never throwing', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = virtualClient();
      expectObservable(shaped(client.disconnect())).toBe('(v|)', { v: { abandoned: [] } });
      expectObservable(shaped(client.connect()), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(shaped(client.disconnect()), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(shaped(client.topic('a')), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(shaped(client.publish('a', 'x')), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(shaped(client.ping()), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(statusLabels(client), '-^').toBe('-(d|)', STATE);
    });
  });

  it('disconnect() while connecting aborts the attempt; connect() errors with ClientClosedError', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({}, { delay: 10 });
      expectObservable(statusLabels(client)).toBe('(ic) - (d|)', STATE);
      expectObservable(receivedLetters(broker)).toBe('C', LETTERS);
      expectObservable(shaped(client.connect())).toBe('-----#', undefined, CLOSED_BY_DISCONNECT);
      disconnectAt(client, 5);
    });
  });

  it('a transport that cannot open errors connect() with CONNECT_FAILED', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.refuseConnections = true;
      expectObservable(statusLabels(client)).toBe('(icf)', STATE);
      expectObservable(shaped(client.connect()).pipe()).toBe('#', undefined, {
        name: 'TransportError',
        code: 'CONNECT_FAILED',
        message: 'connection refused by the virtual broker',
      });
    });
  });

  it('counts reconnections in stats (none without a reconnect policy)', async () => {
    const { client } = virtualClient();
    await firstValueFrom(client.connect());
    expect(client.stats).toEqual({ resends: 0, discards: 0, offlineDrops: 0, reconnects: 0, unrouted: 0 });
    await firstValueFrom(client.disconnect());
    expect(await firstValueFrom(client.connect()).catch((e: unknown) => e)).toBeInstanceOf(ClientClosedError);
  });
});

/** Deterministic policy: no jitter effect (random 0.5 is the middle of the band). */
const POLICY: ReconnectPolicy = { initialDelay: 1000, factor: 2, maxDelay: 3000, random: () => 0.5 };

function client(options?: Partial<ClientOptions>) {
  return virtualClient(Object.assign({ keepalive: 0, reconnect: POLICY }, options));
}

describe('ClientLifecycle: reconnect', () => {
  it('reports each failed attempt as reconnecting with the backoff sequence, then connected', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      const labels = [
        'idle',
        'connecting#1',
        'connected#1',
        'reconnecting#1/1000:CONNECTION_LOST',
        'reconnecting#2/2000:CONNECT_FAILED',
        'reconnecting#3/3000:CONNECT_FAILED', // 4000 capped at maxDelay
        'connected#3',
        'disconnected',
      ];
      expectObservable(stateLabels(c)).toBe('(abc) 95ms d 999ms e 1999ms f 2999ms g 2899ms (h|)', lettered(labels));
      connectAt(c, 0);
      at(100, () => {
        broker.refuseConnections = true;
        broker.cut();
      });
      at(5000, () => (broker.refuseConnections = false));
      disconnectAt(c, 9000);
    });
  });

  it.each([
    ['the lower bound (random 0)', () => 0, [750, 1500, 3000]],
    ['the upper bound (random → 1)', () => 0.999999, [1250, 2500, 5000]],
  ])('keeps the jitter within ±25 %%: %s', (_name, random, delays) => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ reconnect: { initialDelay: 1000, factor: 2, maxDelay: 60000, random } });
      const [d1, d2, d3] = delays as number[];
      const labels = [
        'connected#1',
        'reconnecting#1/' + d1 + ':CONNECTION_LOST',
        'reconnecting#2/' + d2 + ':CONNECT_FAILED',
        'reconnecting#3/' + d3 + ':CONNECT_FAILED',
        'disconnected',
      ];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms b ' + (d1 - 1) + 'ms c ' + (d2 - 1) + 'ms d 99ms (e|)', lettered(labels));
      connectAt(c, 0);
      at(100, () => {
        broker.refuseConnections = true;
        broker.cut();
      });
      disconnectAt(c, 100 + d1 + d2 + 100);
    });
  });

  it('a link that drops before it proved stable does not reset the backoff: flapping grows the delay and counts toward maxAttempts', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ reconnect: Object.assign({ maxAttempts: 3 }, POLICY) });
      // the broker accepts every connection, then closes it 10 ms later
      broker.received$.pipe(filter((p) => p.type === 'connect')).subscribe(() => asyncScheduler.schedule(() => broker.cut(), 10));
      const labels = [
        'idle',
        'connecting#1',
        'connected#1',
        'reconnecting#1/1000:CONNECTION_LOST',
        'connected#1',
        'reconnecting#2/2000:CONNECTION_LOST',
        'connected#2',
        'reconnecting#3/3000:CONNECTION_LOST',
        'connected#3',
        'disconnected:CONNECTION_LOST',
      ];
      expectObservable(stateLabels(c)).toBe('(abc) 5ms d 999ms e 9ms f 1999ms g 9ms h 2999ms i 9ms (j|)', lettered(labels));
      connectAt(c, 0);
      at(7000, () => expect(broker.packets('connect').length).toBe(4));
    });
  });

  it('a link counts as a success once a round trip completed on it (here a PINGRESP) or it stayed up for a keepalive period', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ keepalive: 60 });
      const labels = ['connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'connected#1', 'reconnecting#2/2000:CONNECTION_LOST', 'connected#2', 'disconnected'];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms b 999ms c 60099ms d 999ms e 799ms f 1999ms g 99ms (h|)', lettered(labels));
      connectAt(c, 0);
      at(50, () => c.ping().subscribe()); // a round trip: stable
      at(100, () => broker.cut());
      at(61200, () => broker.cut()); // up for more than 60 s, the keepalive: stable
      at(63000, () => broker.cut()); // up for 800 ms, nothing answered: not yet
      disconnectAt(c, 65100);
    });
  });

  it('draws the jitter from the injected random source for every attempt', () => {
    testScheduler().run(({ expectObservable }) => {
      const draws = [0.1, 0.9, 0.3];
      let n = 0;
      const { broker, client: c } = client({ reconnect: { initialDelay: 1000, factor: 2, random: () => draws[n++] } });
      // 1000 × (1 + 0.25 × (2r − 1)): 800; 2000 × 1.2 = 2400; 4000 × 0.9 = 3600
      const labels = [
        'connected#1',
        'reconnecting#1/800:CONNECTION_LOST',
        'reconnecting#2/2400:CONNECT_FAILED',
        'reconnecting#3/3600:CONNECT_FAILED',
        'disconnected',
      ];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms b 799ms c 2399ms d 1099ms (e|)', lettered(labels));
      connectAt(c, 0);
      at(100, () => {
        broker.refuseConnections = true;
        broker.cut();
      });
      disconnectAt(c, 4400);
    });
  });

  it('starts the attempt count again after each successful reconnection', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      const labels = ['connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'connected#1', 'disconnected'];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms b 999ms c 899ms d 999ms e 999ms (f|)', lettered(labels));
      connectAt(c, 0);
      at(50, () => c.ping().subscribe()); // a round trip on each link proves it stable
      at(100, () => broker.cut());
      at(1150, () => c.ping().subscribe());
      at(2000, () => broker.cut());
      disconnectAt(c, 4000);
      expect(c.stats.reconnects).toBe(0);
      at(3999, () => expect(c.stats.reconnects).toBe(2));
    });
  });

  it.each([1, 2, 4, 5])('ends the client on a CONNACK refusal with return code %i (retrying cannot cure it)', (code) => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      const labels = ['connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'disconnected:CONNECTION_REFUSED'];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms b 999ms (c|)', lettered(labels));
      expectObservable(shaped(c.topic('t')).pipe(map(() => 'm'))).toBe('1100ms #', undefined, {
        name: 'ConnectionRefusedError',
        code: 'CONNECTION_REFUSED',
        message: expect.stringContaining('(return code ' + code + ')'),
        returnCode: code,
        reason: expect.any(String),
      });
      connectAt(c, 0);
      at(100, () => {
        broker.connackCode = code;
        broker.cut();
      });
      at(5000, () => expect(broker.packets('connect').length).toBe(2));
    });
  });

  it('retries a CONNACK refusal with return code 3 (server unavailable)', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      const labels = ['connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'reconnecting#2/2000:CONNECTION_REFUSED', 'connected#2', 'disconnected'];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms b 999ms c 1999ms d 899ms (e|)', lettered(labels));
      connectAt(c, 0);
      at(100, () => {
        broker.connackCode = 3;
        broker.cut();
      });
      at(2000, () => (broker.connackCode = 0));
      disconnectAt(c, 4000);
    });
  });

  it('ends the client with the last error after maxAttempts failed attempts in a row', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ reconnect: Object.assign({ maxAttempts: 2 }, POLICY) });
      const labels = ['connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'reconnecting#2/2000:CONNECT_FAILED', 'disconnected:CONNECT_FAILED'];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms b 999ms c 1999ms (d|)', lettered(labels));
      connectAt(c, 0);
      at(100, () => {
        broker.refuseConnections = true;
        broker.cut();
      });
    });
  });

  it('disconnect() while waiting to reconnect cancels the wait: disconnected, no further attempt, queued publications fail', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      const labels = ['connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'disconnected'];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms b 399ms (c|)', lettered(labels));
      connectAt(c, 0);
      at(100, () => broker.cut());
      const queued = publishAt(c, 200, 't', 'x', 1);
      disconnectAt(c, 500);
      at(10000, () => {
        expect(broker.packets('connect').length).toBe(1);
        expect(broker.connectionCount).toBe(0);
        expect(queued.result).toBe('CLIENT_CLOSED');
      });
    });
  });

  it('disconnect() while a reconnection attempt waits for its CONNACK closes that connection', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      const labels = ['connected#1', 'reconnecting#1/1000:CONNECTION_LOST', 'disconnected'];
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms b 1099ms (c|)', lettered(labels));
      connectAt(c, 0);
      at(100, () => {
        broker.answers.connack = false;
        broker.cut();
      });
      disconnectAt(c, 1200);
      at(1201, () => {
        expect(broker.packets('connect').length).toBe(2);
        expect(broker.connectionCount).toBe(0);
      });
    });
  });

  it('does not retry the first connection: connect() errors, and may be called again', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      broker.connackCode = 3;
      const labels = ['idle', 'connecting#1', 'disconnected:CONNECTION_REFUSED', 'connecting#2', 'connected#2', 'disconnected'];
      expectObservable(stateLabels(c)).toBe('a 99ms (bc) 496ms (de) 496ms (f|)', lettered(labels));
      let connectError = '';
      at(100, () => c.connect().subscribe({ error: (e: { code: string }) => (connectError = e.code) }));
      const first = publishAt(c, 100, 't', 'queued during the first attempt', 0);
      const idle = publishAt(c, 300, 't', 'after the failure', 0);
      at(600, () => (broker.connackCode = 0));
      connectAt(c, 600);
      disconnectAt(c, 1100);
      at(1100, () => {
        expect(connectError).toBe('CONNECTION_REFUSED');
        expect(first.result).toBe('CONNECTION_REFUSED');
        expect(idle.result).toBe('NOT_CONNECTED');
        expect(broker.packets('publish').length).toBe(0);
      });
    });
  });

  it('the README\'s retry of the first connection: client.connect().pipe(retryBackoff(...))', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client();
      broker.refuseConnections = true;
      at(2500, () => (broker.refuseConnections = false));
      const connected = c.connect().pipe(
        retryBackoff({ initialDelay: 1000, random: () => 0.5 }),
        map((r) => (r.sessionPresent ? 'present' : 'new')),
      );
      // attempts at 0, 1000 (+1000), 3000 (+2000)
      expectObservable(connected).toBe('3000ms (n|)', { n: 'new' });
      disconnectAt(c, 4000);
    });
  });

  it('connect() called while reconnecting emits at the reconnection', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ clean: false, clientId: 'keeper' });
      connectAt(c, 0);
      at(100, () => broker.cut());
      const later = c.connect().pipe(map((r) => (r.sessionPresent ? 'present' : 'new')));
      expectObservable(later, '200ms ^').toBe('1100ms (p|)', { p: 'present' });
      disconnectAt(c, 2000);
    });
  });

  it('with reconnect: false the first outage ends the client', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client: c } = client({ reconnect: false });
      expectObservable(stateLabels(c), '50ms ^').toBe('50ms a 49ms (b|)', lettered(['connected#1', 'disconnected:CONNECTION_LOST']));
      connectAt(c, 0);
      at(100, () => broker.cut());
    });
  });
});
