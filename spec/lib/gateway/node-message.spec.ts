import { ACK_DATAGRAM, OUT_DATAGRAM, encodeNodeMessage } from '../../../lib/gateway/node-message';

const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe('node messages', () => {
  it.each([
    ['allnodes', 'red', false, '["allnodes","red",false]'],
    ['foo_topic', '{"led":"blue"}', true, '["foo_topic","{\\"led\\":\\"blue\\"}",true]'],
    ['température', '21 °C', false, '["température","21 °C",false]'],
  ])('encodes [%j, %j, %j] as the 3-list %s', (topic, message, retained, expected) => {
    const data = encodeNodeMessage(topic, message, retained);
    expect(text(data)).toBe(expected);
    expect(JSON.parse(text(data))).toEqual([topic, message, retained]);
  });

  it('encodes non-ASCII text as UTF-8', () => {
    expect(Array.from(encodeNodeMessage('t', '°', false)).slice(6, 8)).toEqual([0xc2, 0xb0]);
  });

  it('has the 2-lists OUT and ACK', () => {
    expect(text(OUT_DATAGRAM)).toBe('["OUT","OUT"]');
    expect(text(ACK_DATAGRAM)).toBe('["ACK","ACK"]');
  });
});
