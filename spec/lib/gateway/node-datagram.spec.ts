import { DatagramErrorCode, NodeRequest, parseNodeDatagram } from '../../../lib/gateway/node-datagram';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseNodeDatagram', () => {
  const valid: Array<[string, string, NodeRequest]> = [
    ['a qos 0 publication', '["light","417",false,0]', { type: 'publish', topic: 'light', message: '417', retain: false, qos: 0, ack: false }],
    ['a qos 1 retained publication', '["shed","21.5",true,1]', { type: 'publish', topic: 'shed', message: '21.5', retain: true, qos: 1, ack: false }],
    ['qos 0 | 4 asks for an ACK', '["a/b","x",false,4]', { type: 'publish', topic: 'a/b', message: 'x', retain: false, qos: 0, ack: true }],
    ['qos 1 | 4 asks for an ACK', '["a/b","x",false,5]', { type: 'publish', topic: 'a/b', message: 'x', retain: false, qos: 1, ack: true }],
    ['Python json.dumps spacing', '["light", "417", false, 0]', { type: 'publish', topic: 'light', message: '417', retain: false, qos: 0, ack: false }],
    ['an empty message', '["t","",false,0]', { type: 'publish', topic: 't', message: '', retain: false, qos: 0, ack: false }],
    ['non-ASCII text', '["température","21 °C",false,0]', { type: 'publish', topic: 'température', message: '21 °C', retain: false, qos: 0, ack: false }],
    ['a subscription', '["foo_topic",1]', { type: 'subscribe', topic: 'foo_topic', qos: 1 }],
    ['a wildcard subscription', '["sensors/+/temp",0]', { type: 'subscribe', topic: 'sensors/+/temp', qos: 0 }],
    ['a multi-level wildcard subscription', '["sensors/#",0]', { type: 'subscribe', topic: 'sensors/#', qos: 0 }],
  ];

  it.each(valid)('accepts %s', (_name, text, expected) => {
    expect(parseNodeDatagram(utf8(text), 1024)).toEqual(expected);
  });

  const malformed: Array<[string, Uint8Array, DatagramErrorCode, string]> = [
    ['over the size limit', utf8('["t","' + 'x'.repeat(60) + '",false,0]'), 'OVERSIZED', 'datagram of 76 bytes exceeds the limit of 64'],
    ['invalid UTF-8', Uint8Array.from([0x5b, 0xff, 0x5d]), 'NOT_UTF8', 'datagram is not UTF-8 text'],
    ['empty', new Uint8Array(0), 'NOT_JSON', 'datagram is not JSON: '],
    ['not JSON', utf8('ping'), 'NOT_JSON', 'datagram is not JSON: ping'],
    ['truncated JSON', utf8('["t","m",fal'), 'NOT_JSON', 'datagram is not JSON: ["t","m",fal'],
    ['a JSON object', utf8('{"topic":"t"}'), 'NOT_A_LIST', 'datagram is JSON but not a list: {"topic":"t"}'],
    ['a JSON string', utf8('"hello"'), 'NOT_A_LIST', 'datagram is JSON but not a list: "hello"'],
    ['an empty list', utf8('[]'), 'WRONG_ARITY', 'expected a 4-list [topic, message, retain, qos] or a 2-list [topic, qos], got 0 elements'],
    ['a 3-list', utf8('["t","m",false]'), 'WRONG_ARITY', 'expected a 4-list [topic, message, retain, qos] or a 2-list [topic, qos], got 3 elements'],
    ['a 5-list', utf8('["t","m",false,0,1]'), 'WRONG_ARITY', 'expected a 4-list [topic, message, retain, qos] or a 2-list [topic, qos], got 5 elements'],
    ['a numeric message', utf8('["t",417,false,0]'), 'WRONG_TYPE', 'a publication is [string, string, boolean, number], got [string, number, boolean, number]'],
    ['a numeric retain', utf8('["t","m",0,0]'), 'WRONG_TYPE', 'a publication is [string, string, boolean, number], got [string, string, number, number]'],
    ['a string qos', utf8('["t","m",false,"1"]'), 'WRONG_TYPE', 'a publication is [string, string, boolean, number], got [string, string, boolean, string]'],
    ['a null topic', utf8('[null,"m",false,0]'), 'WRONG_TYPE', 'a publication is [string, string, boolean, number], got [null, string, boolean, number]'],
    ['a nested list', utf8('[["t"],"m",false,0]'), 'WRONG_TYPE', 'a publication is [string, string, boolean, number], got [list, string, boolean, number]'],
    ['a subscription qos as string', utf8('["t","1"]'), 'WRONG_TYPE', 'a subscription is [string, number], got [string, string]'],
    ['the OUT answer sent back', utf8('["OUT","OUT"]'), 'WRONG_TYPE', 'a subscription is [string, number], got [string, string]'],
    ['publication qos 2', utf8('["t","m",false,2]'), 'BAD_QOS', 'publication qos must be 0 or 1, plus 4 to ask for an ACK; got 2'],
    ['publication qos 6', utf8('["t","m",false,6]'), 'BAD_QOS', 'publication qos must be 0 or 1, plus 4 to ask for an ACK; got 6'],
    ['publication qos 1.5', utf8('["t","m",false,1.5]'), 'BAD_QOS', 'publication qos must be 0 or 1, plus 4 to ask for an ACK; got 1.5'],
    ['subscription qos 4', utf8('["t",4]'), 'BAD_QOS', 'subscription qos must be 0 or 1; got 4'],
    ['an empty topic', utf8('["","m",false,0]'), 'BAD_TOPIC', 'topic "" is empty [MQTT-4.7.3-1]'],
    ['a wildcard in a published topic', utf8('["a/+","m",false,0]'), 'BAD_TOPIC', 'topic "a/+" contains the wildcard "+" [MQTT-3.3.2-2]'],
    ['U+0000 in a topic', utf8('["a\\u0000b","m",false,0]'), 'BAD_TOPIC', 'topic "a\\u0000b" contains U+0000 [MQTT-4.7.3-2]'],
    ['# not last in a filter', utf8('["a/#/b",0]'), 'BAD_TOPIC', 'filter "a/#/b" "#" must be a whole level and the last one [MQTT-4.7.1-2]'],
    ['a lone surrogate in a topic', utf8('["\\ud800","m",false,0]'), 'BAD_TOPIC', 'topic "\\ud800" contains a lone surrogate [MQTT-1.5.3-1]'],
    ['a lone surrogate in a message', utf8('["t","\\udc00",false,0]'), 'NOT_UTF8', 'message holds a lone surrogate, which UTF-8 cannot carry'],
    ['+ inside a level of a filter', utf8('["a/b+",0]'), 'BAD_TOPIC', 'filter "a/b+" "+" must be a whole level [MQTT-4.7.1-3]'],
  ];

  it.each(malformed)('rejects %s', (_name, data, code, message) => {
    expect(parseNodeDatagram(data, 64)).toEqual({ type: 'malformed', code, message });
  });

  it('accepts a datagram of exactly the size limit', () => {
    const text = '["t","' + 'x'.repeat(10) + '",false,0]';
    expect(parseNodeDatagram(utf8(text), text.length)).toMatchObject({ type: 'publish', message: 'x'.repeat(10) });
  });

  it('cuts long texts in messages to 60 characters', () => {
    const text = 'y'.repeat(200);
    const result = parseNodeDatagram(utf8(text), 1024);
    expect(result).toEqual({ type: 'malformed', code: 'NOT_JSON', message: 'datagram is not JSON: ' + 'y'.repeat(60) + '…' });
  });

  it('never throws, whatever the bytes', () => {
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      const bytes = new Uint8Array(n % 40);
      for (let i = 0; i < bytes.length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        bytes[i] = '["t,01fase]'.charCodeAt(seed % 11);
      }
      expect(() => parseNodeDatagram(bytes, 1024)).not.toThrow();
    }
  });
});
