import { map } from 'rxjs';
import { connectAt, disconnectAt, shaped, testScheduler, virtualClient } from './support/harness';
import { at, lettered, publishAt, stateLabels } from './support/resilience';
import type { ClientOptions, ReconnectPolicy } from '../../../lib/client/types';

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
      at(100, () => broker.cut());
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
