import { firstValueFrom } from 'rxjs';
import { ClientClosedError } from '../../../lib/errors';
import { connectPacket } from '../../../lib/client/client-lifecycle';
import { resolveClientOptions } from '../../../lib/client/resolve-options';
import {
  connectAt,
  disconnectAt,
  LETTERS,
  receivedLetters,
  shaped,
  shapeOf,
  states,
  testScheduler,
  virtualClient,
} from './support/harness';

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
      expectObservable(states(client)).toBe('(ic) o 5ms (d|)', STATE);
      expectObservable(receivedLetters(broker)).toBe('C 9ms D', LETTERS);
      expectObservable(client.connect()).toBe('---- (x|)', { x: { sessionPresent: false } });
      disconnectAt(client, 10);
    });
  });

  it('connect() is lazy and shared: one CONNECT for several callers; a late caller gets the current CONNACK result', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ clean: false, clientId: 'keeper' }, { delay: 2 });
      const connect = client.connect();
      // three observers, one CONNECT
      expectObservable(receivedLetters(broker)).toBe('C 7ms D', LETTERS);
      expectObservable(connect, '^').toBe('--(x|)', { x: { sessionPresent: false } });
      expectObservable(connect, '-^').toBe('--(x|)', { x: { sessionPresent: false } });
      expectObservable(connect, '-----^').toBe('-----(x|)', { x: { sessionPresent: false } });
      disconnectAt(client, 8);
    });
  });

  it('errors connect() on the first failure and leaves the client reusable', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient({ responseTimeout: 50 });
      broker.answers.connack = false;
      expectObservable(states(client)).toBe('(ic) 46ms t 9ms (co) 16ms (d|)', STATE);
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
    expect(shapeOf(error)).toEqual({
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
      expectObservable(states(client)).toBe('(ico) 5ms (l|)', STATE);
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
      expectObservable(client.disconnect(), '---------^').toBe('---------(v|)', { v: undefined });
      connectAt(client, 0);
    });
  });

  it('every call after disconnect() errors with ClientClosedError, never throwing', () => {
    testScheduler().run(({ expectObservable }) => {
      const { client } = virtualClient();
      expectObservable(shaped(client.disconnect())).toBe('(v|)', { v: undefined });
      expectObservable(shaped(client.connect()), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(shaped(client.disconnect()), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(shaped(client.topic('a')), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(shaped(client.publish('a', 'x')), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(shaped(client.ping()), '-^').toBe('-#', undefined, CLOSED_BY_DISCONNECT);
      expectObservable(states(client), '-^').toBe('-(d|)', STATE);
    });
  });

  it('disconnect() while connecting aborts the attempt; connect() errors with ClientClosedError', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({}, { delay: 10 });
      expectObservable(states(client)).toBe('(ic) - (d|)', STATE);
      expectObservable(receivedLetters(broker)).toBe('C', LETTERS);
      expectObservable(shaped(client.connect())).toBe('-----#', undefined, CLOSED_BY_DISCONNECT);
      disconnectAt(client, 5);
    });
  });

  it('a transport that cannot open errors connect() with CONNECT_FAILED', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.refuseConnections = true;
      expectObservable(states(client)).toBe('(icf)', STATE);
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
    expect(client.stats).toEqual({ resends: 0, discards: 0, offlineDrops: 0, reconnects: 0 });
    await firstValueFrom(client.disconnect());
    expect(await firstValueFrom(client.connect()).catch((e: unknown) => e)).toBeInstanceOf(ClientClosedError);
  });
});

describe('connectPacket', () => {
  it('uses cleanInit for the first connection and clean afterwards, with will and credentials', () => {
    const options = resolveClientOptions({
      url: 'mqtt://h',
      clientId: 'id',
      clean: false,
      cleanInit: true,
      keepalive: 30,
      username: 'u',
      password: 'p',
      will: { topic: 'w', payload: 'bye', qos: 1, retain: true },
    });
    expect(connectPacket(options, true)).toEqual({
      type: 'connect',
      clientId: 'id',
      keepalive: 30,
      clean: true,
      username: 'u',
      password: Uint8Array.of(0x70),
      will: { topic: 'w', payload: Uint8Array.of(0x62, 0x79, 0x65), qos: 1, retain: true },
    });
    expect(connectPacket(options, false).clean).toBe(false);
  });
});
