import { map, SchedulerLike } from 'rxjs';
import { VirtualBroker } from '../../../../adapters/virtual';
import { createClient } from '../../../../lib/client/create-client';
import { registerTransportScheme } from '../../../../lib/client/options/transport-registry';
import type { ClientOptions, ConnectionState, MqttClient } from '../../../../lib/client/types';
import { disconnectAt, testScheduler, text } from '../support/harness';
import { at, lettered, stateLabel } from '../support/resilience';

/** The virtual brokers `mqtt://<host>` reaches in the current test. */
let brokers: { [host: string]: VirtualBroker } = {};
registerTransportScheme('mqtt', (url) => ({ open: () => brokers[url.host].transport.open() }));

/** A state label with the server it names: `connected#0@mqtt://a`. */
function label(state: ConnectionState): string {
  const server = (state as { server?: string }).server;
  return stateLabel(state) + (server === undefined ? '' : '@' + server);
}

/** Every state of `client` as `time label`, recorded from now on (`idle` included). */
function timeline(client: MqttClient, scheduler: SchedulerLike): string[] {
  const seen: string[] = [];
  client.state$.subscribe((s) => seen.push(scheduler.now() + ' ' + label(s)));
  return seen;
}

function serversClient(servers: string[], options?: Partial<ClientOptions>): MqttClient {
  return createClient(
    Object.assign({ servers, clientId: 'c', keepalive: 0, reconnect: { initialDelay: 10, factor: 1, jitter: 0 } }, options),
  );
}

describe('createClient({ servers }): failover between brokers', () => {
  beforeEach(() => {
    brokers = {};
  });

  it('an outage moves the client to the next server, and back; subscriptions follow; state$ names the server', () => {
    const scheduler = testScheduler();
    let seen: string[] = [];
    scheduler.run(({ expectObservable }) => {
      brokers = { a: new VirtualBroker(), b: new VirtualBroker() };
      const client = serversClient(['mqtt://a', 'mqtt://b']);
      seen = timeline(client, scheduler);
      client.connect().subscribe();
      // a goes away at 5: the reconnect 10 ms later goes to b, which gets the SUBSCRIBE
      at(5, () => {
        brokers.a.refuseConnections = true;
        brokers.a.cut();
      });
      at(20, () => brokers.b.publish('x', 'on b'));
      at(30, () => {
        brokers.a.refuseConnections = false;
        brokers.b.cut();
      });
      at(45, () => brokers.a.publish('x', 'on a'));
      expectObservable(client.topic('x').pipe(map(text))).toBe('--------------------b------------------------a----|', { a: 'x=on a', b: 'x=on b' });
      disconnectAt(client, 50);
    });
    expect(seen).toEqual([
      '0 idle',
      '0 connecting#1@mqtt://a',
      '0 connected#1@mqtt://a',
      '5 reconnecting#1/10:CONNECTION_LOST@mqtt://b',
      '15 connected#1@mqtt://b',
      '30 reconnecting#1/10:CONNECTION_LOST@mqtt://a',
      '40 connected#1@mqtt://a',
      '50 disconnected',
    ]);
  });

  it('a failed reconnect attempt moves on too: attempts go round the list', () => {
    testScheduler().run(({ expectObservable }) => {
      brokers = { a: new VirtualBroker(), b: new VirtualBroker(), c: new VirtualBroker() };
      const client = serversClient(['mqtt://a', 'mqtt://b', 'mqtt://c']);
      brokers.b.refuseConnections = true;
      brokers.c.refuseConnections = true;
      const labels = lettered([
        'connected#1@mqtt://a',
        'reconnecting#1/10:CONNECTION_LOST@mqtt://b',
        'reconnecting#2/10:CONNECT_FAILED@mqtt://c',
        'reconnecting#3/10:CONNECT_FAILED@mqtt://a',
        'connected#3@mqtt://a',
        'disconnected',
      ]);
      client.connect().subscribe();
      expectObservable(client.state$.pipe(map(label))).toBe('a 4ms b 9ms c 9ms d 9ms e 9ms (f|)', labels);
      at(5, () => brokers.a.cut());
      disconnectAt(client, 45);
    });
  });

  it('the first connect() tries each server once: it connects to the first that accepts, else errors with the last failure', () => {
    const scheduler = testScheduler();
    let seen: string[] = [];
    scheduler.run(({ expectObservable }) => {
      brokers = { a: new VirtualBroker(), b: new VirtualBroker() };
      brokers.a.refuseConnections = true;
      brokers.b.refuseConnections = true;
      const client = serversClient(['mqtt://a', 'mqtt://b']);
      seen = timeline(client, scheduler);
      expectObservable(client.connect().pipe(map((r) => r.sessionPresent))).toBe('#', undefined, expect.objectContaining({ code: 'CONNECT_FAILED' }));
      at(10, () => {
        brokers.b.refuseConnections = false;
        client.connect().subscribe();
      });
      disconnectAt(client, 16);
    });
    expect(seen).toEqual([
      '0 idle',
      '0 connecting#1@mqtt://a',
      '0 connecting#2@mqtt://b',
      '0 disconnected:CONNECT_FAILED',
      '10 connecting#3@mqtt://a',
      '10 connecting#4@mqtt://b',
      '10 connected#4@mqtt://b',
      '16 disconnected',
    ]);
  });

  it('where the cluster keeps the session, it continues: sessionPresent, no new SUBSCRIBE, the QoS 1 publication re-sent with DUP', () => {
    testScheduler().run(({ expectObservable }) => {
      // two names of one broker: what a cluster that shares its sessions looks like to the client
      const shared = new VirtualBroker();
      brokers = { a: shared, b: shared };
      const client = serversClient(['mqtt://a', 'mqtt://b'], { clean: false });
      client.connect().subscribe();
      expectObservable(client.topic('x', { qos: 1 }).pipe(map(text)), '^').toBe('--------------------a----|', { a: 'x=later' });
      at(2, () => {
        shared.answers.puback = false;
        client.publish('p', 'once', { qos: 1 }).subscribe();
      });
      at(5, () => {
        shared.answers.puback = true;
        shared.cut();
      });
      at(20, () => shared.publish('x', 'later', { qos: 1 }));
      expectObservable(client.state$.pipe(map(label)), '^').toBe('a 4ms b 9ms c 9ms (d|)', {
        a: 'connected#1@mqtt://a',
        b: 'reconnecting#1/10:CONNECTION_LOST@mqtt://b',
        c: 'connected#1+s@mqtt://b',
        d: 'disconnected',
      });
      disconnectAt(client, 25);
      at(25, () => {
        expect(shared.packets('subscribe').length).toBe(1);
        const publishes = shared.packets('publish').filter((p) => p.topic === 'p');
        expect(publishes.map((p) => p.dup)).toEqual([false, true]);
        expect(publishes[1].packetId).toBe(publishes[0].packetId);
      });
    });
  });

  it('never shows a password of the server URLs in state$ or errors; the CONNECT carries it', () => {
    testScheduler().run(() => {
      brokers = { a: new VirtualBroker(), b: new VirtualBroker() };
      brokers.b.refuseConnections = true;
      const client = serversClient(['mqtt://alice:secret@a', 'mqtt://alice:secret@b'], { reconnect: { maxAttempts: 2, initialDelay: 10, jitter: 0 } });
      const seen: unknown[] = [];
      client.state$.subscribe({ next: (s) => seen.push(s), error: (e) => seen.push(e) });
      client.connect().subscribe();
      at(5, () => brokers.a.cut());
      at(100, () => {
        const shown = JSON.stringify(seen, (k, v) => (v instanceof Error ? { message: v.message, code: (v as { code?: string }).code } : v));
        expect(shown).toContain('mqtt://alice:***@a');
        expect(shown).toContain('mqtt://alice:***@b');
        expect(shown).not.toContain('secret');
        const connect = brokers.a.packets('connect')[0];
        expect(connect.username).toBe('alice');
        expect(new TextDecoder().decode(connect.password as Uint8Array)).toBe('secret');
      });
    });
  });

  it('checks servers at call time, with passwords redacted in the errors', () => {
    expect(() => createClient({ servers: [] })).toThrow(new TypeError('servers must be a non-empty array of broker URLs'));
    expect(() => createClient({ servers: 'mqtt://a' as unknown as string[] })).toThrow(TypeError);
    expect(() => createClient({ url: 'mqtt://a', servers: ['mqtt://b'] })).toThrow(new TypeError('give either url or servers, not both'));
    expect(() => createClient({ servers: ['mqtt://a', 'mqtt://u:pw@b:99999'] })).toThrow(
      new RangeError('port 99999 out of range 1..65535 in "mqtt://u:***@b:99999"'),
    );
    expect(() => createClient({ servers: ['mqtt://u:pw@a', 'mqtt://u:other@b'] })).toThrow(
      new TypeError('the servers carry different user names or passwords (mqtt://u:***@b): give username and password in the options'),
    );
    // options' credentials win: then the URLs' may differ
    expect(() => createClient({ servers: ['mqtt://u:pw@a', 'mqtt://v:other@b'], username: 'w', password: 'x' })).not.toThrow();
  });
});
