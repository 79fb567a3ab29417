import { timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ConnectionRefusedError } from '../../../lib/errors';
import {
  connectAt,
  disconnectAt,
  errorShape,
  LETTERS,
  PACKET_LETTERS,
  receivedLetters,
  shaped,
  statusLabel,
  statusLabels,
  virtualClient,
} from '../../../lib/testing';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('rxmqtt/testing', () => {
  it('wires a client to a virtual broker and shows what the broker receives as letters', () => {
    scheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0 });
      expectObservable(receivedLetters(broker)).toBe('(CS) 6ms P 9ms D', LETTERS);
      expectObservable(statusLabels(client)).toBe('(icx) 15ms (d|)', { i: 'idle', c: 'connecting', x: 'connected', d: 'disconnected' });
      client.topic('a/b').subscribe();
      connectAt(client, 0);
      connectAt(client, 0);
      timer(10).subscribe(() => client.publish('a/b', 'x').subscribe());
      disconnectAt(client, 20);
    });
  });

  it('labels a refused connection with its code and shapes its error', () => {
    scheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ keepalive: 0 });
      broker.connackCode = 5;
      expectObservable(statusLabels(client)).toBe('(icd)', { i: 'idle', c: 'connecting', d: 'disconnected:CONNECTION_REFUSED' });
      expectObservable(shaped(client.connect())).toBe('#', undefined, {
        name: 'ConnectionRefusedError',
        code: 'CONNECTION_REFUSED',
        message: expect.any(String),
        returnCode: 5,
        reason: expect.any(String),
      });
    });
  });

  it('has one distinct letter per packet type a client sends', () => {
    const letters = Object.keys(PACKET_LETTERS).map((type) => PACKET_LETTERS[type]);
    expect(new Set(letters).size).toBe(letters.length);
    expect(Object.keys(LETTERS).sort()).toEqual(letters.slice().sort());
  });

  it('labels states by status and the code of the error that ended the client', () => {
    expect(statusLabel({ status: 'idle' })).toBe('idle');
    expect(statusLabel({ status: 'disconnected', error: new ConnectionRefusedError(4) })).toBe('disconnected:CONNECTION_REFUSED');
    expect(errorShape(new ConnectionRefusedError(4))).toEqual(expect.objectContaining({ name: 'ConnectionRefusedError', returnCode: 4 }));
  });
});
