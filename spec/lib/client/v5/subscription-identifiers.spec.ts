import type { PublishPacket, SubscribePacket } from '../../../../lib/codec/packet';
import type { MqttMessage } from '../../../../lib/client/types';
import { disconnectAt, testScheduler, virtualClient } from '../support/harness';
import { at } from '../support/resilience';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

function publish(topic: string, payload: string, subscriptionIdentifier?: number | number[]): PublishPacket {
  const packet: PublishPacket = { type: 'publish', topic, payload: utf8(payload), qos: 0, retain: false, dup: false };
  if (subscriptionIdentifier !== undefined) packet.properties = { subscriptionIdentifier };
  return packet;
}

/** Two overlapping filters observed before connecting; what each observer got, as `filter<-payload`. */
function overlapping(connackIdentifiers: boolean | undefined, inject: PublishPacket[]): { got: string[]; subscribes: SubscribePacket[]; messages: MqttMessage[] } {
  const got: string[] = [];
  const messages: MqttMessage[] = [];
  let subscribes: SubscribePacket[] = [];
  testScheduler().run(({ flush }) => {
    const { broker, client } = virtualClient({ protocolVersion: 5 }, { delay: 1 });
    if (connackIdentifiers !== undefined) broker.connackProperties = { subscriptionIdentifiersAvailable: connackIdentifiers };
    for (const filter of ['a/#', 'a/+']) {
      client.topic(filter).subscribe((m) => {
        got.push(filter + '<-' + Buffer.from(m.payload).toString());
        messages.push(m);
      });
    }
    client.connect().subscribe();
    at(5, () => inject.forEach((p) => broker.send(p)));
    disconnectAt(client, 10);
    flush();
    subscribes = broker.packets('subscribe') as SubscribePacket[];
  });
  return { got, subscribes, messages };
}

describe('MQTT 5 subscription identifiers', () => {
  it('sends each filter in its own SUBSCRIBE with its own Subscription Identifier', () => {
    const { subscribes } = overlapping(undefined, []);
    expect(subscribes.map((s) => [s.subscriptions.map((f) => f.topic), s.properties])).toEqual([
      [['a/#'], { subscriptionIdentifier: 1 }],
      [['a/+'], { subscriptionIdentifier: 2 }],
    ]);
  });

  it('routes by identifier: with overlapping filters each copy reaches only the subscription it came through', () => {
    // the server sends one copy per matching subscription [MQTT-3.3.4-3], each with its identifier
    const { got, messages } = overlapping(undefined, [publish('a/b', 'x', 1), publish('a/b', 'x', 2)]);
    expect(got).toEqual(['a/#<-x', 'a/+<-x']);
    expect(messages.map((m) => m.properties && m.properties.subscriptionIdentifier)).toEqual([1, 2]);
  });

  it('hands one copy carrying both identifiers to both filters, once each', () => {
    const { got } = overlapping(undefined, [publish('a/b', 'y', [2, 1])]);
    expect(got.sort()).toEqual(['a/#<-y', 'a/+<-y']);
  });

  it('falls back to matching for an identifier it does not know or whose filter does not match the topic', () => {
    const { got } = overlapping(undefined, [publish('a/b', 'u', 99), publish('a/c/d', 'w', 2)]);
    // 'a/c/d' names a/+ (2), which does not match: matching gives it to a/# only
    expect(got).toEqual(['a/#<-u', 'a/+<-u', 'a/#<-w']);
  });

  it('sends no identifier, batches the filters and routes by matching when the server has none', () => {
    const { got, subscribes } = overlapping(false, [publish('a/b', 'z')]);
    expect(subscribes.map((s) => [s.subscriptions.map((f) => f.topic), s.properties])).toEqual([[['a/#', 'a/+'], undefined]]);
    expect(got).toEqual(['a/#<-z', 'a/+<-z']);
  });

  it('keeps 3.1.1 SUBSCRIBEs as they were: batched, no properties', () => {
    testScheduler().run(({ flush }) => {
      const { broker, client } = virtualClient({}, { delay: 1 });
      client.topic('a/#').subscribe();
      client.topic('a/+').subscribe();
      client.connect().subscribe();
      disconnectAt(client, 10);
      flush();
      expect(broker.packets('subscribe')).toEqual([{ type: 'subscribe', packetId: 1, subscriptions: [{ topic: 'a/#', qos: 0 }, { topic: 'a/+', qos: 0 }] }]);
    });
  });
});
