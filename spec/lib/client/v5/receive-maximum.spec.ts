import type { PublishResult } from '../../../../lib/client/types';
import { disconnectAt, LETTERS, receivedLetters, testScheduler, virtualClient } from '../support/harness';
import { at } from '../support/resilience';

describe('MQTT 5 Receive Maximum: publish() and publishAll() share the server window [MQTT-3.3.4-9]', () => {
  it('keeps the QoS 1 and 2 publications of both within the server receive maximum; the excess waits, nothing is lost', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      // every answer of the broker takes 4 ms; the server takes 2 publications at a time
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 4 });
      broker.connackProperties = { receiveMaximum: 2 };
      const results: string[] = [];
      const record = (r: PublishResult) => results.push(r.message.topic + ':' + r.ok);
      client.connect().subscribe();
      at(5, () => {
        client.publish('a', '1', { qos: 1 }).subscribe(record);
        client.publish('b', '2', { qos: 1 }).subscribe(record);
        client.publish('c', '3', { qos: 2 }).subscribe(record);
        client.publishAll([{ topic: 'd', payload: '4', qos: 1 }, { topic: 'e', payload: '5', qos: 1 }], { maxInFlight: 100 }).subscribe(record);
      });
      // a, b | acked at 9: c, d | c's PUBREC and d's PUBACK at 13: PUBREL c, e | done at 17
      expectObservable(receivedLetters(broker)).toBe('5ms (PP)(PP)(LP) 13ms D', LETTERS);
      disconnectAt(client, 30);
      flush();
      expect(broker.packets('publish').map((p) => p.topic)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(results.sort()).toEqual(['a:true', 'b:true', 'c:true', 'd:true', 'e:true']);
    });
  });

  it('holds a QoS 1 publish() while the server window is full and sends it as a PUBACK frees a place', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 2 });
      broker.connackProperties = { receiveMaximum: 1 };
      client.connect().subscribe();
      at(3, () => ['a', 'b', 'c'].forEach((t) => client.publish(t, 'x', { qos: 1 }).subscribe()));
      // one at a time: each PUBACK (2 ms later) lets the next one go
      expectObservable(receivedLetters(broker)).toBe('3ms P 1ms P 1ms P 4ms D', LETTERS);
      disconnectAt(client, 12);
    });
  });

  it('does not bound 3.1.1 QoS 1 publications (no Receive Maximum there)', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({}, { delay: 2 });
      broker.answers.puback = false;
      client.connect().subscribe();
      at(3, () => ['a', 'b', 'c'].forEach((t) => client.publish(t, 'x', { qos: 1 }).subscribe({ error: () => undefined })));
      expectObservable(receivedLetters(broker)).toBe('3ms (PPP) 2ms D', LETTERS);
      at(10, () => client.disconnect({ force: true }).subscribe());
    });
  });
});
