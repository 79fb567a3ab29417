import { concatMap, delay, filter, map, Observable, of, take, throwError } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { VirtualBroker } from '../../../../adapters/virtual/virtual-broker';
import type { VirtualAuthStep } from '../../../../adapters/virtual/virtual-auth';
import { createClient } from '../../../../lib/client/create-client';
import type { AuthChallenge, AuthHook, ClientOptions, MqttClient } from '../../../../lib/client/types';
import type { AuthPacket, DisconnectPacket } from '../../../../lib/codec/packet';
import { errorShape, LETTERS, receivedLetters, shaped, testScheduler } from '../support/harness';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const str = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('utf8'));

/** A toy challenge/response method: the server sends a nonce, the client answers `nonce + ':secret'`. */
const METHOD = 'TOY-CHALLENGE';
const answerNonce = (challenge: AuthChallenge): Observable<Uint8Array> => of(bytes(str(challenge.authenticationData) + ':secret'));

/** The server's side of the toy method: a challenge on the first step, then checks the answer. */
function toyServer(steps: VirtualAuthStep[]) {
  return (step: VirtualAuthStep) => {
    steps.push(step);
    if (step.step === 1) return { challenge: bytes(step.reauthentication ? 'nonce-2' : 'nonce-1') };
    return str(step.authenticationData) === (step.reauthentication ? 'nonce-2:secret' : 'nonce-1:secret')
      ? { success: true as const, authenticationData: bytes('welcome') }
      : { refuse: step.reauthentication ? 0x87 : 0x86 };
  };
}

/** A client with enhanced authentication on a virtual broker (packets reach the client 1 ms after they were sent). */
function authClient(ts: TestScheduler, options: Partial<ClientOptions> = {}): { broker: VirtualBroker; client: MqttClient; steps: VirtualAuthStep[] } {
  const broker = new VirtualBroker({ scheduler: ts, delay: 1 });
  const steps: VirtualAuthStep[] = [];
  broker.authenticate = toyServer(steps);
  const client = createClient(
    Object.assign(
      {
        transport: broker.transport,
        clientId: 'auth-client',
        protocolVersion: 5 as const,
        scheduler: ts,
        keepalive: 0,
        reconnect: false as const,
        properties: { authenticationMethod: METHOD, authenticationData: bytes('hello') },
        authenticate: answerNonce,
      },
      options,
    ),
  );
  return { broker, client, steps };
}

const auths = (broker: VirtualBroker) =>
  broker.packets('auth').map((p: AuthPacket) => [p.reasonCode, p.properties!.authenticationMethod, str(p.properties!.authenticationData)]);

describe('MQTT 5 enhanced authentication against the virtual broker', () => {
  it('answers the server\'s challenge with the hook\'s data before the CONNACK', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      const { broker, client, steps } = authClient(ts);
      // C: CONNECT at 0; the challenge arrives at 1 and T (AUTH 0x18) answers it; the CONNACK arrives at 2
      expectObservable(receivedLetters(broker)).toBe('C T', LETTERS);
      expectObservable(client.connect().pipe(map((c) => [c.reasonCode, c.properties!.authenticationMethod, str(c.properties!.authenticationData)]))).toBe(
        '--(x|)',
        { x: [0, METHOD, 'welcome'] },
      );
      flush();
      expect(auths(broker)).toEqual([[0x18, METHOD, 'nonce-1:secret']]);
      expect(steps.map((s) => [s.step, s.reauthentication, str(s.authenticationData)])).toEqual([[1, false, 'hello'], [2, false, 'nonce-1:secret']]);
      client.disconnect({ force: true }).subscribe();
    });
  });

  it('waits for an asynchronous hook (an Observable answering later), within responseTimeout', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      const { broker, client } = authClient(ts, { authenticate: (c) => answerNonce(c).pipe(delay(5, ts)) });
      expectObservable(receivedLetters(broker)).toBe('C 5ms T', LETTERS);
      expectObservable(client.connect().pipe(map((c) => c.reasonCode))).toBe('-------(x|)', { x: 0 });
      flush();
      client.disconnect({ force: true }).subscribe();
    });
  });

  it('errors connect() with the server\'s refusal (CONNACK 0x86) of a wrong answer', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const { client } = authClient(ts, { authenticate: () => of(bytes('guess')) });
      expectObservable(shaped(client.connect())).toBe('--#', undefined, {
        name: 'ConnectionRefusedError',
        code: 'CONNECTION_REFUSED',
        message: 'connection refused: Bad User Name or Password (reason code 0x86)',
        returnCode: 0x86,
        reason: 'Bad User Name or Password',
      });
    });
  });

  it.each<[string, Partial<ClientOptions>, string]>([
    ['throws', { authenticate: () => { throw new Error('no key'); } }, 'the authenticate hook threw: no key'],
    ['errors', { authenticate: () => throwError(() => new Error('vault down')) }, 'the authenticate hook errored: vault down'],
    ['completes without an answer', { authenticate: () => of() }, 'the authenticate hook completed without an answer'],
    ['is missing', { authenticate: undefined }, 'the server sent an authentication challenge and there is no authenticate option'],
    ['answers with a string', { authenticate: (() => of('nonce-1:secret')) as unknown as AuthHook }, 'the authenticate hook answered with something other than a Uint8Array'],
  ])('ends the connection with AUTH_HOOK_FAILED and DISCONNECT 0x80 when the hook %s', (_, options, message) => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      const { broker, client } = authClient(ts, options);
      expectObservable(shaped(client.connect())).toBe('-#', undefined, { name: 'MqttError', code: 'AUTH_HOOK_FAILED', message });
      flush();
      expect(broker.packets('disconnect')).toEqual([{ type: 'disconnect', reasonCode: 0x80 }]);
    });
  });

  it('re-authenticates: AUTH 0x19, the challenge answered by the hook, the server\'s AUTH 0x00 emitted', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable, flush }) => {
      const { broker, client, steps } = authClient(ts);
      client.connect().subscribe();
      // connected at 2; re-authentication at 10: AUTH 0x19 at 10, the challenge at 11 answered, AUTH 0x00 at 12
      const reauth = cold('----------(x|)').pipe(
        concatMap(() => client.reauthenticate({ authenticationData: bytes('again') })),
        map((r) => [r.reasonCode, str(r.properties.authenticationData)]),
      );
      expectObservable(reauth).toBe('------------(x|)', { x: [0, 'welcome'] });
      flush();
      let status = '';
      client.state$.subscribe((state) => (status = state.status));
      expect(status).toBe('connected'); // the connection went on
      expect(auths(broker)).toEqual([
        [0x18, METHOD, 'nonce-1:secret'],
        [0x19, METHOD, 'again'],
        [0x18, METHOD, 'nonce-2:secret'],
      ]);
      expect(steps.slice(2).map((s) => [s.step, s.reauthentication, str(s.authenticationData)])).toEqual([[1, true, 'again'], [2, true, 'nonce-2:secret']]);
      client.disconnect({ force: true }).subscribe();
    });
  });

  it('errors a refused re-authentication with the server\'s DISCONNECT (SERVER_DISCONNECT 0x87); the CONNECT\'s data by default', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable, flush }) => {
      // right the first time, wrong the second
      const { broker, client, steps } = authClient(ts, { authenticate: (c) => (str(c.authenticationData) === 'nonce-2' ? of(bytes('wrong')) : answerNonce(c)) });
      client.connect().subscribe();
      const reauth = cold('-----(x|)').pipe(concatMap(() => client.reauthenticate()));
      expectObservable(shaped(reauth)).toBe('-------#', undefined, {
        name: 'ServerDisconnectError',
        code: 'SERVER_DISCONNECT',
        message: 'the server disconnected: Not authorized (reason code 0x87)',
      });
      flush();
      expect(str(steps[2].authenticationData)).toBe('hello');
      expect(auths(broker).slice(1)).toEqual([[0x19, METHOD, 'hello'], [0x18, METHOD, 'wrong']]);
    });
  });

  it('ends the connection with AUTH_METHOD_MISMATCH and DISCONNECT 0x82 for an AUTH naming another method', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      const { broker, client } = authClient(ts);
      broker.authenticate = null; // the broker accepts the CONNECT as it is
      client.connect().subscribe();
      ts.schedule(() => broker.send({ type: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'OTHER' } }), 5);
      expectObservable(lastError(client).pipe(map(errorShape))).toBe('------(x|)', {
        x: { name: 'MqttProtocolError', code: 'AUTH_METHOD_MISMATCH', message: 'the server\'s AUTH names the method "OTHER", not ours "TOY-CHALLENGE"' },
      });
      flush();
      expect(broker.packets('disconnect')).toEqual([{ type: 'disconnect', reasonCode: 0x82 }]);
    });
  });

  it.each<[string, Partial<ClientOptions>, AuthPacket, string]>([
    ['to a client that named no method', { properties: {}, authenticate: undefined }, { type: 'auth', reasonCode: 0x18, properties: { authenticationMethod: METHOD } }, 'unexpected AUTH from the server: the CONNECT named no authentication method'],
    ['outside an exchange', {}, { type: 'auth', reasonCode: 0x18, properties: { authenticationMethod: METHOD } }, 'unexpected AUTH from the server: reason code 0x18 outside an authentication exchange'],
    ['with success outside an exchange', {}, { type: 'auth', reasonCode: 0, properties: { authenticationMethod: METHOD } }, 'unexpected AUTH from the server: reason code 0x0 outside an authentication exchange'],
  ])('ends the connection with UNEXPECTED_AUTH and DISCONNECT 0x82 for an AUTH %s', (_, options, auth, message) => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      const { broker, client } = authClient(ts, options);
      broker.authenticate = null;
      client.connect().subscribe();
      ts.schedule(() => broker.send(auth), 5);
      expectObservable(lastError(client).pipe(map(errorShape))).toBe('------(x|)', { x: { name: 'MqttProtocolError', code: 'UNEXPECTED_AUTH', message } });
      flush();
      expect(broker.packets('disconnect') as DisconnectPacket[]).toEqual([{ type: 'disconnect', reasonCode: 0x82 }]);
    });
  });

  it('checks its options at call time; reauthenticate() without a connection errors with NOT_CONNECTED', () => {
    const ts = testScheduler();
    const transport = new VirtualBroker({ scheduler: ts }).transport;
    expect(() => createClient({ transport, protocolVersion: 5, authenticate: answerNonce })).toThrow(
      new RangeError('authenticate needs protocolVersion 5 and properties.authenticationMethod'),
    );
    expect(() => createClient({ transport, protocolVersion: 5, properties: { authenticationMethod: METHOD }, authenticate: 'x' as never })).toThrow(TypeError);
    expect(() => createClient({ transport }).reauthenticate()).toThrow(new RangeError('reauthenticate() needs protocolVersion 5 and properties.authenticationMethod'));
    const { client } = authClient(ts);
    expect(() => client.reauthenticate({ authenticationData: 'x' as never })).toThrow(TypeError);
    ts.run(({ expectObservable }) => {
      expectObservable(client.reauthenticate().pipe(map(() => 'x')), undefined).toBe('#', undefined, expect.objectContaining({ code: 'NOT_CONNECTED' }));
    });
  });
});

/** The error that ended the client (its `disconnected` state), emitted once. */
function lastError(client: MqttClient): Observable<unknown> {
  return client.state$.pipe(
    filter((s) => s.status === 'disconnected'),
    map((s) => (s.status === 'disconnected' ? s.error : undefined)),
    take(1),
  );
}
