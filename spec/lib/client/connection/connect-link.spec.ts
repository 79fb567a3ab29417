import { asapScheduler, asyncScheduler, map, NEVER, Observable, of, throwError } from 'rxjs';
import { VirtualBroker } from '../../../../adapters/virtual';
import { CONNACK_MEANINGS, ConnectionRefusedError, TransportError } from '../../../../lib/errors';
import { connectLink } from '../../../../lib/client/connection/connect-link';
import type { Link, LinkConfig } from '../../../../lib/client/connection/link';
import type { Connection, Transport } from '../../../../lib/client/transport';
import { shaped, errorShape, testScheduler } from '../support/harness';

function config(overrides?: Partial<LinkConfig>): LinkConfig {
  return Object.assign(
    {
      connect: { type: 'connect', clientId: 'c', keepalive: 0, clean: true },
      responseTimeout: 100,
      maxPacketSize: 268435455,
      scheduler: asyncScheduler,
      flushScheduler: asapScheduler,
      handler: { packet: () => undefined },
    },
    overrides,
  ) as LinkConfig;
}

/** The session observable, with the session shown as "s" and errors as their shape. */
function sessions(broker: VirtualBroker, overrides?: Partial<LinkConfig>): Observable<string> {
  return shaped(connectLink(broker.transport, config(overrides)).pipe(map(() => 's')));
}

describe('connectLink', () => {
  it('emits the session when the CONNACK accepts, and stays open', () => {
    testScheduler().run(({ expectObservable }) => {
      const broker = new VirtualBroker({ delay: 5 });
      expectObservable(sessions(broker), '^ 200ms !').toBe('-----s');
    });
  });

  it('sends the CONNECT first and closes the connection on unsubscribe', () => {
    testScheduler().run(({ cold, flush }) => {
      const broker = new VirtualBroker();
      let session: Link | undefined;
      const subscription = connectLink(broker.transport, config()).subscribe((s) => (session = s));
      cold('--x').subscribe(() => subscription.unsubscribe());
      flush();
      expect(broker.packets().map((p) => p.type)).toEqual(['connect']);
      expect(session!.sessionPresent).toBe(false);
      expect(session!.isEnded).toBe(true);
      expect(broker.connectionCount).toBe(0);
    });
  });

  it('errors with CONNACK_TIMEOUT when no CONNACK comes within the response timeout', () => {
    testScheduler().run(({ expectObservable }) => {
      const broker = new VirtualBroker();
      broker.answers.connack = false;
      expectObservable(sessions(broker)).toBe('100ms #', undefined, {
        name: 'MqttTimeoutError',
        code: 'CONNACK_TIMEOUT',
        message: 'no CONNACK within 100 ms',
      });
    });
  });

  it('is not fooled by a CONNACK arriving one tick after the deadline', () => {
    testScheduler().run(({ expectObservable }) => {
      const broker = new VirtualBroker({ delay: 101 });
      expectObservable(sessions(broker)).toBe('100ms #', undefined, {
        name: 'MqttTimeoutError',
        code: 'CONNACK_TIMEOUT',
        message: 'no CONNACK within 100 ms',
      });
    });
  });

  it.each([1, 2, 3, 4, 5])('errors with ConnectionRefusedError for return code %i', (code) => {
    testScheduler().run(({ expectObservable }) => {
      const broker = new VirtualBroker({ delay: 3 });
      broker.connackCode = code;
      const reason = CONNACK_MEANINGS[code];
      expectObservable(sessions(broker)).toBe('---#', undefined, {
        name: 'ConnectionRefusedError',
        code: 'CONNECTION_REFUSED',
        message: 'connection refused: ' + reason + ' (return code ' + code + ')',
        returnCode: code,
        reason,
      });
    });
  });

  it('names the reasons of return codes 1–5 as the spec does [MQTT-3.2.2.3]', () => {
    expect([1, 2, 3, 4, 5].map((c) => new ConnectionRefusedError(c).reason)).toEqual([
      'unacceptable protocol version',
      'identifier rejected',
      'server unavailable',
      'bad user name or password',
      'not authorised',
    ]);
  });

  it('errors with CONNECT_FAILED when the transport cannot open, wrapping foreign errors', () => {
    testScheduler().run(({ expectObservable }) => {
      const broker = new VirtualBroker();
      broker.refuseConnections = true;
      expectObservable(sessions(broker)).toBe('#', undefined, {
        name: 'TransportError',
        code: 'CONNECT_FAILED',
        message: 'connection refused by the virtual broker',
      });
      const failing: Transport = { open: () => throwError(() => new Error('ECONNREFUSED 127.0.0.1:1')) };
      expectObservable(shaped(connectLink(failing, config()))).toBe('#', undefined, {
        name: 'TransportError',
        code: 'CONNECT_FAILED',
        message: 'cannot connect: ECONNREFUSED 127.0.0.1:1',
      });
      const empty: Transport = { open: () => of<Connection>() };
      expectObservable(shaped(connectLink(empty, config()))).toBe('#', undefined, {
        name: 'TransportError',
        code: 'CONNECT_FAILED',
        message: 'the transport closed before connecting',
      });
    });
  });

  it('errors with CONNECTION_LOST when the link is cut or the broker closes it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const cut = new VirtualBroker();
      cold('----x').subscribe(() => cut.cut());
      expectObservable(sessions(cut)).toBe('s---#', undefined, {
        name: 'TransportError',
        code: 'CONNECTION_LOST',
        message: 'connection cut by the virtual broker',
      });
      const closing = new VirtualBroker();
      cold('------x').subscribe(() => closing.closeConnections());
      expectObservable(sessions(closing)).toBe('s-----#', undefined, {
        name: 'TransportError',
        code: 'CONNECTION_LOST',
        message: 'the broker closed the connection',
      });
    });
  });

  it('errors with a protocol error when the first packet is not a CONNACK, or a server sends a client-only packet', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const early = new VirtualBroker();
      early.answers.connack = false;
      cold('--x').subscribe(() => early.send({ type: 'pingresp' }));
      expectObservable(sessions(early)).toBe('--#', undefined, {
        name: 'MqttProtocolError',
        code: 'UNEXPECTED_PACKET',
        message: 'unexpected PINGRESP from the broker: the first packet from the broker must be CONNACK [MQTT-3.2.0-1]',
      });
      const odd = new VirtualBroker();
      cold('--x').subscribe(() => odd.send({ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a', qos: 0 }] }));
      expectObservable(sessions(odd)).toBe('s-#', undefined, {
        name: 'MqttProtocolError',
        code: 'UNEXPECTED_PACKET',
        message: 'unexpected SUBSCRIBE from the broker: a broker does not send it on an open connection',
      });
    });
  });

  it('errors with the decoder\'s protocol error on malformed bytes and closes the connection', () => {
    let closed = false;
    let feed: (bytes: Uint8Array) => void = () => undefined;
    const connection: Connection = {
      data$: new Observable<Uint8Array>((s) => {
        feed = (b) => s.next(b);
      }),
      write: () => true,
      close: () => (closed = true),
    };
    const transport: Transport = { open: () => new Observable<Connection>((s) => s.next(connection)) };
    let error: unknown;
    connectLink(transport, config()).subscribe({ error: (e) => (error = e) });
    feed(Uint8Array.of(0x20, 2, 0, 0)); // CONNACK accepted
    feed(Uint8Array.of(0xf0, 0)); // packet type 15 does not exist in MQTT 3.1.1
    expect(errorShape(error)).toMatchObject({ name: 'MqttProtocolError', code: 'UNKNOWN_PACKET_TYPE' });
    expect(closed).toBe(true);
  });

  it('turns a throwing write into CONNECTION_LOST', () => {
    const connection: Connection = {
      data$: NEVER,
      write: () => {
        throw new Error('EPIPE');
      },
      close: () => undefined,
    };
    let error: unknown;
    connectLink({ open: () => of(connection).pipe(map((c) => c)) }, config()).subscribe({ error: (e) => (error = e) });
    expect(error).toBeInstanceOf(TransportError);
    expect(errorShape(error)).toEqual({ name: 'TransportError', code: 'CONNECTION_LOST', message: 'write failed: EPIPE' });
  });
});
