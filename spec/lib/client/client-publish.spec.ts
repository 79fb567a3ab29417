import { firstValueFrom, timer } from 'rxjs';
import type { PublishPacket } from '../../../lib/codec/packet';
import type { PublishResult } from '../../../lib/client/types';
import { connectAt, disconnectAt, LETTERS, receivedLetters, shaped, testScheduler, virtualClient } from './support/harness';
import { expectThrows } from '../../operators/support/expect-throws';

const ok = (topic: string, payload: string, qos: 0 | 1): PublishResult => ({ message: { topic, payload, qos, retain: false }, ok: true });

describe('client.publish()', () => {
  it('QoS 0 completes once written, in the same turn; QoS 1 on its PUBACK', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({}, { delay: 5 });
      expectObservable(receivedLetters(broker)).toBe('C-----(PP)---D', LETTERS);
      connectAt(client, 0);
      expectObservable(client.publish('t', 'a'), '------^').toBe('------(r|)', { r: ok('t', 'a', 0) });
      expectObservable(client.publish('t', 'b', { qos: 1 }), '------^').toBe('-----------(r|)', { r: ok('t', 'b', 1) });
      disconnectAt(client, 13);
    });
  });

  it('settles interleaved QoS 1 publications by packet id, in the order the PUBACKs come', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.answers.puback = false;
      connectAt(client, 0);
      // three publications at 1, 2, 3 (ids 1, 2, 3); PUBACKs arrive for 2, 3, 1
      cold('------a--b-c').subscribe((v) => broker.send({ type: 'puback', packetId: ({ a: 2, b: 3, c: 1 } as { [k: string]: number })[v] }));
      expectObservable(client.publish('t', '1', { qos: 1 }), '-^').toBe('-----------(r|)', { r: ok('t', '1', 1) });
      expectObservable(client.publish('t', '2', { qos: 1 }), '--^').toBe('------(r|)', { r: ok('t', '2', 1) });
      expectObservable(client.publish('t', '3', { qos: 1 }), '---^').toBe('---------(r|)', { r: ok('t', '3', 1) });
      disconnectAt(client, 20);
    });
  });

  it('uses distinct packet ids for the QoS 1 messages in flight', async () => {
    const { broker, client } = virtualClient();
    broker.answers.puback = false;
    await firstValueFrom(client.connect());
    for (let i = 0; i < 5; i++) client.publish('t', String(i), { qos: 1 }).subscribe({ error: () => undefined });
    await Promise.resolve();
    const ids = broker.packets('publish').map((p: PublishPacket) => p.packetId);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    await firstValueFrom(client.disconnect());
  });

  it('errors with PUBACK_TIMEOUT when no PUBACK comes within the response timeout', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient({ responseTimeout: 40 });
      broker.answers.puback = false;
      connectAt(client, 0);
      expectObservable(shaped(client.publish('t', 'x', { qos: 1 })), '--^').toBe('-- 40ms #', undefined, {
        name: 'MqttTimeoutError',
        code: 'PUBACK_TIMEOUT',
        message: 'no PUBACK for packet 1 within 40 ms',
      });
      disconnectAt(client, 60);
    });
  });

  it('errors with NOT_CONNECTED before connect(), CLIENT_CLOSED on disconnect, and the outage when the link drops', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.answers.puback = false;
      expectObservable(shaped(client.publish('t', 'x'))).toBe('#', undefined, {
        name: 'MqttError',
        code: 'NOT_CONNECTED',
        message: 'publish() needs a connected client: call connect() first',
      });
      connectAt(client, 1);
      expectObservable(shaped(client.publish('t', 'x', { qos: 1 })), '--^').toBe('-----#', undefined, {
        name: 'TransportError',
        code: 'CONNECTION_LOST',
        message: 'connection cut by the virtual broker',
      });
      cold('-----x').subscribe(() => broker.cut());
    });
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient();
      broker.answers.puback = false;
      connectAt(client, 0);
      expectObservable(shaped(client.publish('t', 'x', { qos: 1 })), '--^').toBe('-----#', undefined, {
        name: 'ClientClosedError',
        code: 'CLIENT_CLOSED',
        message: 'the client is closed: disconnect() was called',
      });
      disconnectAt(client, 5);
    });
  });

  it('is lazy: nothing goes out until subscribed, and each subscription publishes once', () => {
    testScheduler().run(({ expectObservable }) => {
      const { broker, client } = virtualClient();
      const publication = client.publish('t', 'x');
      expectObservable(receivedLetters(broker)).toBe('C---P--P-D', LETTERS);
      connectAt(client, 0);
      expectObservable(publication, '----^').toBe('----(r|)', { r: ok('t', 'x', 0) });
      expectObservable(publication, '-------^').toBe('-------(r|)', { r: ok('t', 'x', 0) });
      disconnectAt(client, 9);
    });
  });

  it('sends strings as UTF-8, bytes as given, with the retain flag', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient();
      connectAt(client, 0);
      timer(1).subscribe(() => client.publish('t/€', 'grüße', { retain: true }).subscribe());
      timer(1).subscribe(() => client.publish('t/b', Uint8Array.of(0, 255), { qos: 1 }).subscribe());
      disconnectAt(client, 5);
      flush();
      const [text, binary] = broker.packets('publish');
      expect(text).toMatchObject({ topic: 't/€', qos: 0, retain: true, payload: Uint8Array.from(Buffer.from('grüße')) });
      expect(binary).toMatchObject({ topic: 't/b', qos: 1, retain: false, packetId: 1, payload: Uint8Array.of(0, 255) });
    });
  });

  it('checks topic, payload and options at call time', () => {
    const { client } = virtualClient();
    expectThrows(() => client.publish('a/+', 'x'), RangeError, 'topic name "a/+" contains the wildcard "+" [MQTT-3.3.2-2]');
    expectThrows(() => client.publish('a/#', 'x'), RangeError, 'topic name "a/#" contains the wildcard "#" [MQTT-3.3.2-2]');
    expectThrows(() => client.publish('', 'x'), RangeError, 'topic name "" is empty [MQTT-4.7.3-1]');
    expectThrows(() => client.publish('a'.repeat(65536), 'x'), RangeError, 'topic name "' + 'a'.repeat(64) + '" is 65536 bytes long, over 65535 [MQTT-4.7.3-3]');
    expectThrows(() => client.publish(null as unknown as string, 'x'), TypeError, 'topic name must be a string, got object');
    expectThrows(() => client.publish('t', 42 as unknown as string), TypeError, 'payload must be a string or a Uint8Array, got number');
    expectThrows(() => client.publish('t', null as unknown as string), TypeError, 'payload must be a string or a Uint8Array, got null');
    expectThrows(() => client.publish('t', 'x', { qos: 2 as 1 }), RangeError, 'qos must be 0 or 1, got 2');
    expectThrows(() => client.publish('t', 'x', { qos: '1' as unknown as 1 }), TypeError, 'qos must be a number, got string');
    expectThrows(() => client.publish('t', 'x', { retain: 1 as unknown as boolean }), TypeError, 'retain must be a boolean, got number');
    expectThrows(() => client.publish('t', 'x', 'fast' as never), TypeError, 'publish options must be an object');
  });
});
