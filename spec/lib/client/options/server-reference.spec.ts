import type { SchedulerLike } from 'rxjs';
import { VirtualBroker } from '../../../../adapters/virtual';
import { createClient } from '../../../../lib/client/create-client';
import { registerTransportScheme } from '../../../../lib/client/options/transport-registry';
import { parseBrokerUrl } from '../../../../lib/client/options/parse-broker-url';
import { referredUrl, serverReferenceOf } from '../../../../lib/client/options/server-reference';
import type { ClientOptions, ConnectionState, MqttClient } from '../../../../lib/client/types';
import { disconnectAt, testScheduler } from '../support/harness';
import { at, stateLabel } from '../support/resilience';

/** The virtual brokers `mqtt://<host>:<port>` reaches in the current test. */
let brokers: { [hostPort: string]: VirtualBroker } = {};
registerTransportScheme('mqtt', (url) => ({
  open: () => {
    const broker = brokers[url.host + ':' + url.port];
    if (broker === undefined) throw new Error('no virtual broker at ' + url.host + ':' + url.port);
    return broker.transport.open();
  },
}));

/** Every state of `client` as `time label@server`, from now on, connecting and idle left out. */
function timeline(client: MqttClient, scheduler: SchedulerLike): string[] {
  const seen: string[] = [];
  client.state$.subscribe((s: ConnectionState) => {
    if (s.status === 'idle' || s.status === 'connecting') return;
    const server = (s as { server?: string }).server;
    seen.push(scheduler.now() + ' ' + stateLabel(s) + (server === undefined ? '' : '@' + server));
  });
  return seen;
}

function v5Client(options: Partial<ClientOptions>): MqttClient {
  return createClient(
    Object.assign({ protocolVersion: 5, clientId: 'c', keepalive: 0, reconnect: { initialDelay: 10, factor: 1, jitter: 0 } }, options) as ClientOptions,
  );
}

describe('MQTT 5 Server Reference: the reconnect policy follows it', () => {
  beforeEach(() => {
    brokers = {};
  });

  it('goes to the server of the list a DISCONNECT names, instead of the next one', () => {
    const scheduler = testScheduler();
    let seen: string[] = [];
    scheduler.run(({ flush }) => {
      brokers = { 'a:1883': new VirtualBroker(), 'b:1883': new VirtualBroker(), 'c:1883': new VirtualBroker() };
      const client = v5Client({ servers: ['mqtt://a', 'mqtt://b', 'mqtt://c'] });
      seen = timeline(client, scheduler);
      client.connect().subscribe();
      at(5, () => brokers['a:1883'].send({ type: 'disconnect', reasonCode: 0x9d, properties: { serverReference: 'c' } }));
      disconnectAt(client, 30);
      flush();
    });
    expect(seen).toEqual(['0 connected#1@mqtt://a', '5 reconnecting#1/10:SERVER_DISCONNECT@mqtt://c', '15 connected#1@mqtt://c', '30 disconnected']);
  });

  it('tries a server out of the list once, named without credentials, then goes on with the list', () => {
    const scheduler = testScheduler();
    let seen: string[] = [];
    scheduler.run(({ flush }) => {
      const moved = new VirtualBroker();
      brokers = { 'a:1883': new VirtualBroker(), 'x:1884': moved };
      const client = v5Client({ url: 'mqtt://user:secret@a' });
      seen = timeline(client, scheduler);
      client.connect().subscribe();
      at(5, () => brokers['a:1883'].send({ type: 'disconnect', reasonCode: 0x9c, properties: { serverReference: 'x:1884 y:1885' } }));
      at(20, () => {
        moved.refuseConnections = true;
        moved.cut();
      });
      disconnectAt(client, 50);
      flush();
      expect(moved.packets('connect').map((c) => [c.clientId, c.username, c.password && Buffer.from(c.password).toString()])).toEqual([['c', 'user', 'secret']]);
    });
    expect(seen).toEqual([
      '0 connected#1@mqtt://user:***@a',
      '5 reconnecting#1/10:SERVER_DISCONNECT@mqtt://x:1884',
      '15 connected#1@mqtt://x:1884',
      // x goes away before it proved stable (a round trip, or responseTimeout): attempt 2, back to the list
      '20 reconnecting#2/10:CONNECTION_LOST@mqtt://user:***@a',
      '30 connected#2@mqtt://user:***@a',
      '50 disconnected',
    ]);
  });

  it('follows a CONNACK refusal 0x9C (Use another server) with a Server Reference', () => {
    const scheduler = testScheduler();
    let seen: string[] = [];
    scheduler.run(({ flush }) => {
      const a = new VirtualBroker();
      const b = new VirtualBroker();
      brokers = { 'a:1883': a, 'b:1883': b, 'c:1883': new VirtualBroker() };
      const client = v5Client({ servers: ['mqtt://a', 'mqtt://b', 'mqtt://c'] });
      seen = timeline(client, scheduler);
      client.connect().subscribe();
      // a's link breaks: the list's next server, b, refuses and sends the client back to a (not on to c)
      at(5, () => {
        b.connackCode = 0x9c;
        b.connackProperties = { serverReference: 'mqtt://a:1883' };
        a.cut();
      });
      disconnectAt(client, 50);
      flush();
    });
    expect(seen).toEqual([
      '0 connected#1@mqtt://a',
      '5 reconnecting#1/10:CONNECTION_LOST@mqtt://b',
      '15 reconnecting#2/10:CONNECTION_REFUSED@mqtt://a',
      '25 connected#2@mqtt://a',
      '50 disconnected',
    ]);
  });

  it('reads references: host, host:port, [IPv6]:port, full URLs; the first of a list', () => {
    const current = parseBrokerUrl('mqtts://u:p@one.example/mqtt');
    expect(referredUrl('two.example', current)).toEqual({ scheme: 'mqtts', host: 'two.example', port: 8883, path: '/mqtt', username: 'u', password: 'p' });
    expect(referredUrl('10.0.0.2:9000 other', current)).toMatchObject({ host: '10.0.0.2', port: 9000 });
    expect(referredUrl('[fe80::1]:1883', current)).toMatchObject({ host: 'fe80::1', port: 1883 });
    expect(referredUrl('ws://three.example:8080/mqtt', current)).toEqual({ scheme: 'ws', host: 'three.example', port: 8080, path: '/mqtt' });
    expect(referredUrl('a/b', current)).toBeNull();
    expect(referredUrl('host:99999', current)).toBeNull();
  });

  it('takes a reference from SERVER_DISCONNECT and from a 0x9C/0x9D refusal only', () => {
    expect(serverReferenceOf({ code: 'SERVER_DISCONNECT', reasonCode: 0x8b, serverReference: 'b' })).toBe('b');
    expect(serverReferenceOf({ code: 'CONNECTION_REFUSED', reasonCode: 0x9d, serverReference: 'b' })).toBe('b');
    expect(serverReferenceOf({ code: 'CONNECTION_REFUSED', reasonCode: 0x88, serverReference: 'b' })).toBeNull();
    expect(serverReferenceOf({ code: 'CONNECTION_LOST' })).toBeNull();
  });

  it('keeps a 3.1.1 client with one url as it was: no server in state$', () => {
    const scheduler = testScheduler();
    let seen: string[] = [];
    scheduler.run(({ flush }) => {
      brokers = { 'a:1883': new VirtualBroker() };
      const client = createClient({ url: 'mqtt://a', clientId: 'c', keepalive: 0 });
      seen = timeline(client, scheduler);
      client.connect().subscribe();
      disconnectAt(client, 5);
      flush();
    });
    expect(seen).toEqual(['0 connected#1', '5 disconnected']);
  });
});
