/**
 * MQTT 5 PUBLISH, SUBSCRIBE and UNSUBSCRIBE violations.
 */
import { PacketDecoder } from '../../../lib/codec/decoder';
import { expectProtocolError } from './support/expect-protocol-error';
import { str } from './support/fixtures';
import { packet, props } from './support/fixtures5';

const V5 = { protocolVersion: 5 as const };
const subscribe = (options: number, topic = 'a/b'): Uint8Array => packet(0x82, 0, 1, props(), str(topic), options);

describe('MQTT 5 SUBSCRIBE options', () => {
  it('decodes every valid options byte', () => {
    for (let options = 0; options < 64; options++) {
      if ((options & 3) === 3 || (options >> 4) === 3) continue;
      const p = new PacketDecoder(V5).push(subscribe(options))[0];
      expect(p).toEqual({
        type: 'subscribe', packetId: 1,
        subscriptions: [{ topic: 'a/b', qos: options & 3, noLocal: (options & 4) !== 0, retainAsPublished: (options & 8) !== 0, retainHandling: options >> 4 }],
      });
    }
  });

  it.each([0x40, 0x80, 0xc1])('refuses reserved option bits in %i [MQTT-3.8.3-5]', (options) => {
    expectProtocolError(subscribe(options), 'INVALID_SUBSCRIPTION_OPTIONS', 'SUBSCRIBE: reserved subscription option bits set (' + options + ') [MQTT-3.8.3-5]', V5);
  });

  it('refuses retain handling 3 and QoS 3', () => {
    expectProtocolError(subscribe(0x30), 'INVALID_SUBSCRIPTION_OPTIONS', 'SUBSCRIBE: retain handling 3, see section 3.8.3.1', V5);
    expectProtocolError(subscribe(0x03), 'INVALID_QOS', 'SUBSCRIBE: requested QoS 3 in the subscription options, see section 3.8.3.1', V5);
  });

  it('refuses no local on a shared subscription [MQTT-3.8.3-4]', () => {
    expectProtocolError(subscribe(0x04, '$share/g/a'), 'INVALID_SUBSCRIPTION_OPTIONS', 'SUBSCRIBE: no local on the shared subscription "$share/g/a" [MQTT-3.8.3-4]', V5);
  });

  it('refuses an empty list, a bad filter, a missing options byte', () => {
    expectProtocolError(packet(0x82, 0, 1, props()), 'EMPTY_SUBSCRIPTION_LIST', 'SUBSCRIBE: no topic filter in the payload [MQTT-3.8.3-2]', V5);
    expectProtocolError(packet(0xa2, 0, 1, props()), 'EMPTY_SUBSCRIPTION_LIST', 'UNSUBSCRIBE: no topic filter in the payload [MQTT-3.10.3-2]', V5);
    expectProtocolError(subscribe(0, 'a/#/b'), 'INVALID_TOPIC_FILTER', 'SUBSCRIBE: topic filter "a/#/b" "#" must be a whole level and the last one [MQTT-4.7.1-2]', V5);
    expectProtocolError(packet(0x82, 0, 1, props(), str('a')), 'TRUNCATED_PACKET', 'SUBSCRIBE: subscription options runs past the end of the packet', V5);
  });
});

describe('MQTT 5 PUBLISH', () => {
  it('refuses an empty topic without a topic alias', () => {
    expectProtocolError(packet(0x30, str(''), props(), 'x'), 'INVALID_TOPIC_NAME', 'PUBLISH: empty topic name without a topic alias, see section 3.3.2.3.4', V5);
    expectProtocolError(packet(0x30, str(''), props(0x01, 1), 'x'), 'INVALID_TOPIC_NAME', 'PUBLISH: empty topic name without a topic alias, see section 3.3.2.3.4', V5);
  });

  it('refuses a wildcard topic, packet id 0, a missing property length', () => {
    expectProtocolError(packet(0x30, str('a/+'), props()), 'INVALID_TOPIC_NAME', 'PUBLISH: topic name contains the wildcard "+" [MQTT-3.3.2-2]', V5);
    expectProtocolError(packet(0x32, str('a'), 0, 0, props()), 'INVALID_PACKET_ID', 'PUBLISH: packet identifier 0 [MQTT-2.3.1-1]', V5);
    expectProtocolError(packet(0x30, str('a')), 'TRUNCATED_PACKET', 'PUBLISH: properties length runs past the end of the packet', V5);
  });

  it('takes the payload after the properties as a view', () => {
    const bytes = packet(0x30, str('a'), props(0x02, 0, 0, 0, 9), 1, 2, 3);
    const p = new PacketDecoder(V5).push(bytes)[0] as Extract<ReturnType<PacketDecoder['push']>[0], { type: 'publish' }>;
    expect(Array.from(p.payload)).toEqual([1, 2, 3]);
    expect(p.payload.buffer).toBe(bytes.buffer);
    expect(p.properties).toEqual({ messageExpiryInterval: 9 });
  });
});
