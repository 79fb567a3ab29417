import { Subject, take } from 'rxjs';
import { connectAt, receivedLetters, testScheduler, virtualClient } from '../support/harness';
import { at, publishAt } from '../support/resilience';
import type { DisconnectResult, MqttClient } from '../../../../lib/client/types';

/** Calls disconnect() at `ms` and records what it emitted (or its error code). */
function disconnectRecorded(client: MqttClient, ms: number, options?: { force?: boolean; timeout?: number }): { result?: DisconnectResult; error?: string; at?: number } {
  const seen: { result?: DisconnectResult; error?: string; at?: number } = {};
  at(ms, () =>
    client.disconnect(options).subscribe({
      next: (r) => (seen.result = r),
      error: (e: { code: string }) => (seen.error = e.code),
    }),
  );
  return seen;
}

// Legend of the broker's received packets: C CONNECT, P PUBLISH, A PUBACK, S SUBSCRIBE, U UNSUBSCRIBE, D DISCONNECT
describe('graceful disconnect()', () => {
  it('lets the publications already handed over settle with their real outcome, then sends DISCONNECT', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0 }, { delay: 20 });
      // PUBACKs take 20 ms to come back: DISCONNECT waits for them
      expectObservable(receivedLetters(broker)).toBe('C 99ms (PPPPP) 13ms D');
      connectAt(client, 0);
      const outcomes = [1, 2, 3, 4, 5].map((n) => publishAt(client, 100, 't', 'm' + n, 1));
      const seen = disconnectRecorded(client, 100);
      at(200, () => {
        expect(outcomes.map((o) => o.result)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
        expect(seen.result).toEqual({ abandoned: [] });
      });
    });
  });

  it('waits at most `timeout` (default responseTimeout) for acknowledgements, then abandons what is left', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0, responseTimeout: 5000 });
      broker.answers.puback = false;
      expectObservable(receivedLetters(broker)).toBe('C 99ms (PP) 4996ms D');
      connectAt(client, 0);
      const outcomes = [publishAt(client, 100, 't', 'a', 1), publishAt(client, 100, 't', 'b', 1)];
      const seen = disconnectRecorded(client, 100);
      at(5099, () => expect(seen.result).toBeUndefined());
      at(5101, () => {
        expect(seen.result).toEqual({ abandoned: [{ topic: 't', qos: 1 }, { topic: 't', qos: 1 }] });
        expect(outcomes.map((o) => o.result)).toEqual(['CLIENT_CLOSED', 'CLIENT_CLOSED']);
      });
    });
  });

  it('disconnect({ force: true }) is immediate and reports what it abandoned', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0 }, { delay: 20 });
      expectObservable(receivedLetters(broker)).toBe('C 99ms (PPPD)');
      connectAt(client, 0);
      const outcomes = [1, 2, 3].map((n) => publishAt(client, 100, 't' + n, 'm', 1));
      const seen = disconnectRecorded(client, 100, { force: true });
      at(101, () => {
        expect(seen.result).toEqual({ abandoned: [{ topic: 't1', qos: 1 }, { topic: 't2', qos: 1 }, { topic: 't3', qos: 1 }] });
        expect(outcomes.map((o) => o.result)).toEqual(['CLIENT_CLOSED', 'CLIENT_CLOSED', 'CLIENT_CLOSED']);
      });
    });
  });

  it('refuses new publications while it waits', () => {
    testScheduler().run(() => {
      const { broker, client } = virtualClient({ keepalive: 0 }, { delay: 20 });
      connectAt(client, 0);
      const first = publishAt(client, 100, 't', 'a', 1);
      disconnectRecorded(client, 100);
      const late = publishAt(client, 110, 't', 'b', 1);
      at(200, () => {
        expect(first.result).toBe('ok');
        expect(late.result).toBe('CLIENT_CLOSED');
        expect(broker.packets('publish').length).toBe(1);
      });
    });
  });

  it('acknowledges a QoS 1 message whose observer called disconnect() before DISCONNECT is written', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0, clean: false, clientId: 'once' });
      expectObservable(receivedLetters(broker)).toBe('C 49ms S 49ms (UAD)');
      connectAt(client, 0);
      at(50, () =>
        client
          .topic('t', { qos: 1 })
          .pipe(take(1))
          .subscribe({ complete: () => client.disconnect().subscribe() }),
      );
      at(100, () => broker.publish('t', 'x', { qos: 1 }));
    });
  });
});

describe('disconnect() inside connect()', () => {
  it.each([false, true])("in connect()'s next (force: %s): connect() emits and completes, never errors", (force) => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = virtualClient({ keepalive: 0 });
      const connected = new Subject<string>();
      at(0, () =>
        client.connect().subscribe({
          next: () => {
            connected.next('n');
            client.disconnect({ force }).subscribe();
          },
          error: (e: { code: string }) => connected.next('error ' + e.code),
          complete: () => connected.next('c'),
        }),
      );
      expectObservable(connected).toBe('(nc)');
    });
  });
});
