import { map } from 'rxjs';
import type { PublishResult } from '../../../../lib/client/types';
import type { PubcompPacket, PubrelPacket } from '../../../../lib/codec/packet';
import { disconnectAt, LETTERS, receivedLetters, testScheduler, virtualClient } from '../support/harness';
import { at } from '../support/resilience';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const outcome = (r: PublishResult) => [r.ok, r.reasonCode, r.error && (r.error as unknown as { code: string }).code];

describe('MQTT 5 QoS 2 reason codes', () => {
  it('ends the QoS 2 flow on a PUBREC of 0x80 and above: no PUBREL, an ok: false result with the reason code [MQTT-4.3.3-4]', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.answers.pubrec = false; // scripted below
      client.connect().subscribe();
      const result = client.publish('q2', 'x', { qos: 2 }).pipe(map(outcome));
      expectObservable(result, '--^').toBe('----(x|)', { x: [false, 0x87, 'PUBLISH_REFUSED'] });
      at(3, () => broker.send({ type: 'pubrec', packetId: 1, reasonCode: 0x87, properties: { reasonString: 'not for you' } }));
      // the PUBLISH, then nothing until DISCONNECT: no PUBREL for a refused PUBREC
      expectObservable(receivedLetters(broker)).toBe('--P 7ms D', LETTERS);
      disconnectAt(client, 10);
      flush();
      expect(broker.packets('pubrel')).toEqual([]);
    });
  });

  it('frees the place of a refused QoS 2 publication: the next one goes', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.connackProperties = { receiveMaximum: 1 };
      broker.answers.pubrec = false;
      client.connect().subscribe();
      const results: unknown[] = [];
      at(2, () => {
        client.publish('a', 'x', { qos: 2 }).subscribe((r) => results.push(outcome(r)));
        client.publish('b', 'x', { qos: 2 }).subscribe((r) => results.push(outcome(r)));
      });
      at(4, () => broker.send({ type: 'pubrec', packetId: 1, reasonCode: 0x97 }));
      at(6, () => broker.send({ type: 'pubrec', packetId: 2, reasonCode: 0x80 }));
      disconnectAt(client, 10);
      flush();
      expect(broker.packets('publish').map((p) => p.topic)).toEqual(['a', 'b']);
      expect(results).toEqual([
        [false, 0x97, 'PUBLISH_REFUSED'],
        [false, 0x80, 'PUBLISH_REFUSED'],
      ]);
    });
  });

  it('reports the reason code of a PUBCOMP (0x92: Packet Identifier not found) on a result that stays ok', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.answers.pubcomp = false;
      client.connect().subscribe();
      const result = client.publish('q2', 'x', { qos: 2 }).pipe(map(outcome));
      // PUBLISH at 2, PUBREC at 3, PUBREL at 3, PUBCOMP (scripted) at 5
      expectObservable(result, '--^').toBe('-----(x|)', { x: [true, 0x92, undefined] });
      at(4, () => broker.send({ type: 'pubcomp', packetId: 1, reasonCode: 0x92 }));
      disconnectAt(client, 10);
    });
  });

  it('gives publishAll an ok: false result with PUBLISH_REFUSED for a refusing PUBACK or PUBREC', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.pubackReasonCode = 0x90;
      broker.answers.pubrec = false;
      client.connect().subscribe();
      const results: unknown[] = [];
      at(2, () =>
        client
          .publishAll([{ topic: 'a', payload: '1', qos: 1 }, { topic: 'b', payload: '2', qos: 2 }, { topic: 'c', payload: '3' }])
          .subscribe((r) => results.push([r.message.topic, r.ok, r.error && [(r.error as unknown as { code: string }).code, (r.error as unknown as { reasonCode: number }).reasonCode]])),
      );
      at(4, () => broker.send({ type: 'pubrec', packetId: 2, reasonCode: 0x83 }));
      disconnectAt(client, 10);
      flush();
      expect(results).toEqual([
        ['a', false, ['PUBLISH_REFUSED', 0x90]],
        ['b', false, ['PUBLISH_REFUSED', 0x83]],
        ['c', true, undefined],
      ]);
    });
  });

  it('answers a PUBREC and a PUBREL for unknown packet ids with 0x92, a known PUBREL with 0x00', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
      broker.answers.pubrel = false; // the broker's own PUBREL for our PUBREC: scripted below
      client.topic('in').subscribe();
      client.connect().subscribe();
      at(3, () => {
        broker.send({ type: 'publish', topic: 'in', payload: utf8('x'), qos: 2, retain: false, dup: false, packetId: 7 });
        broker.send({ type: 'pubrel', packetId: 7 });
        broker.send({ type: 'pubrel', packetId: 8 });
        broker.send({ type: 'pubrec', packetId: 9 });
      });
      disconnectAt(client, 10);
      flush();
      const pubcomps = (broker.packets().filter((p) => p.type === 'pubcomp') as unknown) as PubcompPacket[];
      expect(pubcomps.map((p) => [p.packetId, p.reasonCode])).toEqual([
        [7, 0],
        [8, 0x92],
      ]);
      expect(broker.packets('pubrel').map((p: PubrelPacket) => [p.packetId, p.reasonCode])).toEqual([[9, 0x92]]);
    });
  });

  it('keeps 3.1.1 as it was: a PUBREL for an unknown id gets a plain PUBCOMP, an unknown PUBREC is ignored', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({}, { delay: 1 });
      client.connect().subscribe();
      at(3, () => {
        broker.send({ type: 'pubrel', packetId: 8 });
        broker.send({ type: 'pubrec', packetId: 9 });
      });
      disconnectAt(client, 10);
      flush();
      expect(broker.packets().map((p) => p.type)).toEqual(['connect', 'pubcomp', 'disconnect']);
    });
  });
});
