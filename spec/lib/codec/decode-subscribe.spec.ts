import { bytes, str } from './support/fixtures';
import { expectProtocolError } from './support/expect-protocol-error';

describe('decodeSubscribe', () => {
  it('refuses an empty payload [MQTT-3.8.3-3]', () => {
    expectProtocolError(bytes(0x82, 2, 0, 1), 'EMPTY_SUBSCRIPTION_LIST', 'SUBSCRIBE: no topic filter in the payload [MQTT-3.8.3-3]');
  });

  it('refuses packet id 0 [MQTT-2.3.1-1]', () => {
    expectProtocolError(bytes(0x82, 6, 0, 0, str('a'), 0), 'INVALID_PACKET_ID', 'SUBSCRIBE: packet identifier 0 [MQTT-2.3.1-1]');
  });

  it.each([3, 4, 0x81, 0xff])('refuses requested QoS byte %i [MQTT-3-8.3-4]', (q) => {
    expectProtocolError(
      bytes(0x82, 10, 0, 1, str('a'), 0, str('b'), q),
      'INVALID_QOS',
      'SUBSCRIBE: requested QoS byte ' + q + ', must be 0, 1 or 2 [MQTT-3-8.3-4]',
    );
  });

  it('refuses a filter without its QoS byte', () => {
    expectProtocolError(bytes(0x82, 5, 0, 1, str('a')), 'TRUNCATED_PACKET', 'SUBSCRIBE: requested QoS runs past the end of the packet');
  });

  it('refuses a single stray byte after the last pair', () => {
    expectProtocolError(bytes(0x82, 7, 0, 1, str('a'), 0, 0), 'TRUNCATED_PACKET', 'SUBSCRIBE: topic filter length runs past the end of the packet');
  });

  it.each([
    ['a#', '"#" must be a whole level and the last one [MQTT-4.7.1-2]'],
    ['a/+b', '"+" must be a whole level [MQTT-4.7.1-3]'],
    ['', 'is empty [MQTT-4.7.3-1]'],
  ])('refuses the filter %j', (filter, problem) => {
    expectProtocolError(
      bytes(0x82, 5 + filter.length, 0, 1, str(filter), 0),
      'INVALID_TOPIC_FILTER',
      'SUBSCRIBE: topic filter "' + filter + '" ' + problem,
    );
  });

  it('refuses U+0000 in a filter', () => {
    expectProtocolError(bytes(0x82, 7, 0, 1, 0, 2, 'a', 0, 0), 'NULL_CHARACTER', 'SUBSCRIBE: topic filter contains U+0000 [MQTT-1.5.3-2]');
  });
});

describe('decodeSuback', () => {
  it('refuses an empty payload', () => {
    expectProtocolError(bytes(0x90, 2, 0, 1), 'EMPTY_SUBSCRIPTION_LIST', 'SUBACK: no return code in the payload [MQTT-3.9.3-1]');
  });

  it.each([3, 0x7f, 0x81, 0xff])('refuses return code %i [MQTT-3.9.3-2]', (code) => {
    expectProtocolError(
      bytes(0x90, 4, 0, 1, 0, code),
      'INVALID_SUBACK_CODE',
      'SUBACK: return code ' + code + ', must be 0, 1, 2 or 128 [MQTT-3.9.3-2]',
    );
  });

  it('refuses packet id 0 and a cut packet id', () => {
    expectProtocolError(bytes(0x90, 3, 0, 0, 1), 'INVALID_PACKET_ID', 'SUBACK: packet identifier 0 [MQTT-2.3.1-1]');
    expectProtocolError(bytes(0x90, 1, 0), 'TRUNCATED_PACKET', 'SUBACK: packet identifier runs past the end of the packet');
  });
});

describe('decodeUnsubscribe', () => {
  it('refuses an empty payload [MQTT-3.10.3-2]', () => {
    expectProtocolError(bytes(0xa2, 2, 0, 1), 'EMPTY_SUBSCRIPTION_LIST', 'UNSUBSCRIBE: no topic filter in the payload [MQTT-3.10.3-2]');
  });

  it('refuses packet id 0, bad filters and cut strings', () => {
    expectProtocolError(bytes(0xa2, 5, 0, 0, str('a')), 'INVALID_PACKET_ID', 'UNSUBSCRIBE: packet identifier 0 [MQTT-2.3.1-1]');
    expectProtocolError(bytes(0xa2, 6, 0, 1, str('#/')), 'INVALID_TOPIC_FILTER', 'UNSUBSCRIBE: topic filter "#/" "#" must be a whole level and the last one [MQTT-4.7.1-2]');
    expectProtocolError(bytes(0xa2, 5, 0, 1, 0, 5, 'a'), 'TRUNCATED_PACKET', 'UNSUBSCRIBE: topic filter runs past the end of the packet');
  });
});
