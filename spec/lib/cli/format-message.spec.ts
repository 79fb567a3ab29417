import { formatMessage } from '../../../lib/cli/format-message';
import type { MqttMessage } from '../../../lib/client/types';

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
const message = (payload: Uint8Array): MqttMessage => ({ topic: 'home/t1', payload, qos: 1, retain: true, dup: false });
const asText = (out: string | Uint8Array): string => (typeof out === 'string' ? out : Buffer.from(out).toString('latin1'));

describe('formatMessage', () => {
  it('prints the payload bytes alone, then a newline', () => {
    expect(asText(formatMessage(message(text('21.5')), 'payload'))).toBe('21.5\n');
    expect(Array.from(formatMessage(message(Uint8Array.of(0, 255)), 'payload') as Uint8Array)).toEqual([0, 255, 10]);
  });

  it('prints "topic payload" with -v', () => {
    expect(asText(formatMessage(message(text('on')), 'verbose'))).toBe('home/t1 on\n');
    expect(asText(formatMessage(message(new Uint8Array(0)), 'verbose'))).toBe('home/t1 (null)\n');
  });

  it('prints one JSON object per line with --json', () => {
    const line = formatMessage(message(text('{"t":21.5} ü')), 'json') as string;
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({ topic: 'home/t1', qos: 1, retain: true, dup: false, payload: '{"t":21.5} ü' });
  });

  it('gives a payload that is not UTF-8 in base64', () => {
    expect(JSON.parse(formatMessage(message(Uint8Array.of(0xff, 0xfe, 0x00)), 'json') as string)).toEqual({
      topic: 'home/t1',
      qos: 1,
      retain: true,
      dup: false,
      payloadBase64: '//4A',
    });
  });

  it('reads a payload that is a view into a larger buffer', () => {
    const big = text('xxhelloyy');
    expect(asText(formatMessage(message(big.subarray(2, 7)), 'payload'))).toBe('hello\n');
    expect(JSON.parse(formatMessage(message(big.subarray(2, 7)), 'json') as string).payload).toBe('hello');
  });
});

describe('formatMessage: an empty payload, as mosquitto_sub 2.0 prints it', () => {
  const empty = { topic: 'a/b', payload: new Uint8Array(0), qos: 0 as const, retain: false, dup: false };
  it('prints nothing by default and "topic (null)" with -v', () => {
    expect(formatMessage(empty, 'payload')).toBe('');
    expect(formatMessage(empty, 'verbose')).toBe('a/b (null)\n');
    expect(formatMessage(empty, 'json')).toBe('{"topic":"a/b","qos":0,"retain":false,"dup":false,"payload":""}\n');
  });
});
