import { firstValueFrom, Subscription, take } from 'rxjs';
import { websocketLikeTransport, WebSocketLikeSettings } from '../../adapters/websocket-like';
import type { Connection } from '../../lib/client/transport';
import { MqttError, TransportError } from '../../lib/errors';
import { recordData } from './support/connection-probe';
import { FakeTerminableWebSocket, FakeWebSocket } from './support/fake-websocket';

const URL = 'ws://127.0.0.1:9/mqtt';

describe('websocketLikeTransport', () => {
  let subscription: Subscription | undefined;
  let opened: Connection | undefined;
  let failure: unknown;

  function open(settings: Partial<WebSocketLikeSettings> = {}, Fake = FakeWebSocket): FakeWebSocket {
    const transport = websocketLikeTransport({ url: URL, create: () => new Fake(URL, ['mqtt']), ...settings });
    subscription = transport.open().subscribe({
      next: (connection) => (opened = connection),
      error: (error: unknown) => (failure = error),
    });
    return FakeWebSocket.last();
  }

  function openNow(settings: Partial<WebSocketLikeSettings> = {}): { socket: FakeWebSocket; connection: Connection } {
    const socket = open(settings);
    socket.acceptOpen();
    return { socket, connection: opened as Connection };
  }

  afterEach(() => {
    if (subscription) subscription.unsubscribe();
    subscription = undefined;
    opened = undefined;
    failure = undefined;
    FakeWebSocket.instances = [];
  });

  describe('opening', () => {
    it('is lazy, sets binaryType to arraybuffer and emits the connection on open', () => {
      const transport = websocketLikeTransport({ url: URL, create: () => new FakeWebSocket(URL, ['mqtt']) });
      expect(FakeWebSocket.instances.length).toBe(0);
      subscription = transport.open().subscribe((connection) => (opened = connection));
      const socket = FakeWebSocket.last();
      expect(socket.binaryType).toBe('arraybuffer');
      expect(opened).toBeUndefined();
      socket.acceptOpen();
      expect(opened).toBeDefined();
    });

    it('uses the binaryType it is given', () => {
      expect(open({ binaryType: 'nodebuffer' }).binaryType).toBe('nodebuffer');
    });

    it('fails with CONNECT_FAILED on an error before opening, with describeFailure when given', () => {
      open().fail('connect ECONNREFUSED 127.0.0.1:9');
      expect(failure).toBeInstanceOf(TransportError);
      expect(failure).toBeInstanceOf(MqttError);
      expect((failure as TransportError).code).toBe('CONNECT_FAILED');
      expect((failure as TransportError).message).toBe('cannot connect to ' + URL + ': connect ECONNREFUSED 127.0.0.1:9');
      subscription = undefined;
      open({ describeFailure: (e) => 'described: ' + e.message }).fail('boom');
      expect((failure as TransportError).message).toBe('cannot connect to ' + URL + ': described: boom');
    });

    it('fails with CONNECT_FAILED on a close before opening', () => {
      open().closed(1006);
      expect((failure as TransportError).code).toBe('CONNECT_FAILED');
      expect((failure as TransportError).message).toBe('cannot connect to ' + URL + ': closed before opening (code 1006)');
    });

    it('fails with CONNECT_FAILED when not open within connectTimeout, and closes the socket', async () => {
      const socket = open({ connectTimeout: 20 });
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect((failure as TransportError).message).toBe('cannot connect to ' + URL + ': no connection within 20 ms');
      expect(socket.closeCalls.length).toBe(1);
    });

    it('closes the socket, terminate() where there is one, when open() is unsubscribed', () => {
      const plain = open();
      (subscription as Subscription).unsubscribe();
      expect(plain.closeCalls).toEqual([undefined]);
      const terminable = open({}, FakeTerminableWebSocket) as FakeTerminableWebSocket;
      terminable.acceptOpen();
      (subscription as Subscription).unsubscribe();
      expect(terminable.terminated).toBe(true);
    });
  });

  describe('data$', () => {
    it('emits ArrayBuffer messages as Uint8Array and views as views of the same memory', async () => {
      const { socket, connection } = openNow();
      const record = recordData(connection);
      socket.receive(Uint8Array.of(0x20, 2).buffer);
      const backing = new Uint8Array(8);
      backing.set([0, 0], 3);
      socket.receive(backing.subarray(3, 5));
      expect(await record.waitForBytes(4)).toEqual([0x20, 2, 0, 0]);
      expect(record.chunks[1].buffer).toBe(backing.buffer);
      expect(record.chunks[1].byteOffset).toBe(3);
    });

    it('keeps messages that arrive before data$ is subscribed, in order', async () => {
      const { socket, connection } = openNow();
      socket.receive(Uint8Array.of(1).buffer);
      socket.receive(Uint8Array.of(2, 3).buffer);
      socket.closed(1000);
      const record = recordData(connection);
      expect(record.bytes()).toEqual([1, 2, 3]);
      expect(await record.ended()).toBe('complete');
    });

    it('is shared: later observers join the live stream, and reading stops only when the last one leaves', () => {
      const { socket, connection } = openNow();
      socket.receive(Uint8Array.of(1).buffer);
      const first: number[] = [];
      const second: number[] = [];
      const a = connection.data$.subscribe((chunk) => first.push(...chunk));
      socket.receive(Uint8Array.of(2).buffer);
      const b = connection.data$.subscribe((chunk) => second.push(...chunk));
      socket.receive(Uint8Array.of(3).buffer);
      a.unsubscribe();
      socket.receive(Uint8Array.of(4).buffer);
      b.unsubscribe();
      socket.receive(Uint8Array.of(5).buffer); // nobody reads: kept for the next observer
      const third: number[] = [];
      connection.data$.subscribe((chunk) => third.push(...chunk)).unsubscribe();
      expect([first, second, third]).toEqual([[1, 2, 3], [3, 4], [5]]);
    });

    it('loses the connection when more than maxUnread bytes wait for a subscriber', async () => {
      const { socket, connection } = openNow({ maxUnread: 4 });
      socket.receive(new Uint8Array(3).buffer);
      socket.receive(new Uint8Array(2).buffer);
      expect(socket.closeCalls.length).toBe(1);
      const error = (await recordData(connection).ended()) as TransportError;
      expect(error.code).toBe('CONNECTION_LOST');
      expect(error.message).toBe('connection to ' + URL + ' lost: more than 4 unread bytes while nobody reads data$');
    });

    it('loses the connection on a text message [MQTT-6.0.0-1]', async () => {
      const { socket, connection } = openNow();
      const record = recordData(connection);
      socket.receive('hello');
      const error = (await record.ended()) as TransportError;
      expect(error.code).toBe('CONNECTION_LOST');
      expect(error.message).toBe(
        'connection to ' + URL + ' lost: received a non-binary message; MQTT packets travel in binary frames only [MQTT-6.0.0-1]',
      );
      expect(socket.closeCalls.length).toBe(1);
    });

    it.each([1000, 1001, 1005, 1006])('completes when the peer closes with code %i', async (code) => {
      const { socket, connection } = openNow();
      const record = recordData(connection);
      socket.closed(code);
      expect(await record.ended()).toBe('complete');
    });

    it('errors with CONNECTION_LOST on another close code, naming it and the reason', async () => {
      const { socket, connection } = openNow();
      const record = recordData(connection);
      socket.closed(1002, 'protocol error', false);
      const error = (await record.ended()) as TransportError;
      expect(error.code).toBe('CONNECTION_LOST');
      expect(error.message).toBe('connection to ' + URL + ' lost: closed with code 1002 (protocol error)');
    });

    it('errors with CONNECTION_LOST on an error event after opening', async () => {
      const { socket, connection } = openNow();
      const record = recordData(connection);
      socket.fail('read ECONNRESET');
      socket.closed(1006);
      const error = (await record.ended()) as TransportError;
      expect(error.code).toBe('CONNECTION_LOST');
      expect(error.message).toBe('connection to ' + URL + ' lost: read ECONNRESET');
    });
  });

  describe('write and backpressure', () => {
    it('sends each write as one message and refuses writes when not open', () => {
      const { socket, connection } = openNow();
      const packet = Uint8Array.of(0xc0, 0);
      expect(connection.write(packet)).toBe(true);
      expect(socket.sent).toEqual([packet]);
      socket.readyState = 2;
      expect(connection.write(packet)).toBe(false);
      expect(socket.sent.length).toBe(1);
    });

    it('returns false at the high-water mark and emits drain$ once bufferedAmount is below half of it', async () => {
      const { socket, connection } = openNow({ highWaterMark: 100, drainPollInterval: 5 });
      socket.bufferedAmount = 100;
      expect(connection.write(Uint8Array.of(1))).toBe(false);
      let drained = false;
      const drain = firstValueFrom((connection.drain$ as NonNullable<Connection['drain$']>).pipe(take(1))).then(() => (drained = true));
      socket.bufferedAmount = 60;
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(drained).toBe(false);
      socket.bufferedAmount = 50;
      await drain;
      expect(connection.write(Uint8Array.of(2))).toBe(true);
    });

    it('close() starts the closing handshake with code 1000 and data$ completes when it ends', async () => {
      const { socket, connection } = openNow();
      const record = recordData(connection);
      connection.close();
      expect(socket.closeCalls).toEqual([1000]);
      socket.closed(1000);
      expect(await record.ended()).toBe('complete');
    });
  });
});
