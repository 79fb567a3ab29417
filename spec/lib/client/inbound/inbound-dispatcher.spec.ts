import { map } from 'rxjs';
import type { Packet } from '../../../../lib/codec/packet';
import type { MqttMessage } from '../../../../lib/client/types';
import { connectAt, disconnectAt, LETTERS, receivedLetters, testScheduler, text, virtualClient } from '../support/harness';

function publish(packetId: number | undefined, qos: 0 | 1 | 2, payload: string, dup = false): Packet {
  const p: Packet = { type: 'publish', topic: 'in', payload: Uint8Array.from(Buffer.from(payload)), qos, retain: false, dup };
  if (packetId !== undefined) p.packetId = packetId;
  return p;
}

describe('InboundDispatcher', () => {
  it('hands every inbound PUBLISH to messages$ as an MqttMessage, subscribed or not', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      connectAt(client, 0);
      cold('--a-b').subscribe((v) =>
        broker.send(v === 'a' ? publish(undefined, 0, 'zero') : { type: 'publish', topic: 'r', payload: Uint8Array.of(1), qos: 1, retain: true, dup: true, packetId: 9 }),
      );
      const a: MqttMessage = { topic: 'in', payload: Uint8Array.from(Buffer.from('zero')), qos: 0, retain: false, dup: false };
      const b: MqttMessage = { topic: 'r', payload: Uint8Array.of(1), qos: 1, retain: true, dup: true };
      expectObservable(client.messages$).toBe('--a-b-----|', { a, b });
      disconnectAt(client, 10);
    });
  });

  it('acknowledges QoS 1 only after the message was handed to the observers', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const { broker, client } = virtualClient();
      const pubacksSeenByObserver: number[] = [];
      client.topic('in', { qos: 1 }).subscribe(() => pubacksSeenByObserver.push(broker.packets('puback').length));
      client.messages$.subscribe(() => pubacksSeenByObserver.push(broker.packets('puback').length));
      expectObservable(receivedLetters(broker)).toBe('(CS)A--A-D', LETTERS);
      connectAt(client, 0);
      cold('----a--b').subscribe((v) => broker.send(publish(v === 'a' ? 1 : 2, 1, v)));
      disconnectAt(client, 9);
      flush();
      expect(pubacksSeenByObserver).toEqual([0, 0, 1, 1]);
      expect(broker.packets('puback')).toEqual([{ type: 'puback', packetId: 1 }, { type: 'puback', packetId: 2 }]);
    });
  });

  it('receives QoS 2 exactly once: PUBREC for each PUBLISH, PUBCOMP for PUBREL, redelivery only after PUBREL', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.answers.pubrel = false; // this test plays the broker's side of the QoS 2 flow by hand
      expectObservable(receivedLetters(broker)).toBe('C-R-R-M-R-D', LETTERS);
      connectAt(client, 0);
      // PUBLISH id 7, the same again with DUP, PUBREL 7, then a new PUBLISH reusing id 7
      const script: { [k: string]: Packet } = {
        a: publish(7, 2, 'first'),
        b: publish(7, 2, 'first', true),
        c: { type: 'pubrel', packetId: 7 },
        d: publish(7, 2, 'second'),
      };
      cold('--a-b-c-d').subscribe((k) => broker.send(script[k]));
      expectObservable(client.messages$.pipe(map(text))).toBe('--a-----b-|', { a: 'in=first', b: 'in=second' });
      disconnectAt(client, 10);
    });
  });

  it('ignores acknowledgements of unknown packet ids', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      connectAt(client, 0);
      cold('--a-b-c').subscribe((k) =>
        broker.send(
          k === 'a'
            ? { type: 'puback', packetId: 99 }
            : k === 'b'
              ? { type: 'suback', packetId: 5, granted: [0] }
              : { type: 'pubcomp', packetId: 3 },
        ),
      );
      expectObservable(client.state$.pipe(map((s) => s.status)), '-^').toBe('-o--------(d|)', { o: 'connected', d: 'disconnected' });
      disconnectAt(client, 10);
    });
  });
});
