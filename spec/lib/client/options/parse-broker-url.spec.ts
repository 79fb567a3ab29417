import { parseBrokerUrl } from '../../../../lib/client/options/parse-broker-url';
import { expectThrows } from '../../../operators/support/expect-throws';

describe('parseBrokerUrl', () => {
  it.each([
    ['mqtt://127.0.0.1', { scheme: 'mqtt', host: '127.0.0.1', port: 1883, path: '' }],
    ['mqtts://broker.example', { scheme: 'mqtts', host: 'broker.example', port: 8883, path: '' }],
    ['ws://h', { scheme: 'ws', host: 'h', port: 80, path: '' }],
    ['wss://h/mqtt', { scheme: 'wss', host: 'h', port: 443, path: '/mqtt' }],
    ['MQTT://Host:1884', { scheme: 'mqtt', host: 'Host', port: 1884, path: '' }],
    ['mqtt://[::1]:1883', { scheme: 'mqtt', host: '::1', port: 1883, path: '' }],
    ['mqtt://[::1]', { scheme: 'mqtt', host: '::1', port: 1883, path: '' }],
    ['ws://h:8080/mqtt?x=1', { scheme: 'ws', host: 'h', port: 8080, path: '/mqtt?x=1' }],
    ['mqtt://h:', { scheme: 'mqtt', host: 'h', port: 1883, path: '' }],
    ['mqtt://user@h', { scheme: 'mqtt', host: 'h', port: 1883, path: '', username: 'user' }],
    ['mqtt://u%40x:p%3Aw@h:1', { scheme: 'mqtt', host: 'h', port: 1, path: '', username: 'u@x', password: 'p:w' }],
  ])('parses %s', (url, expected) => {
    expect(parseBrokerUrl(url)).toEqual(expected);
  });

  it('names an unknown scheme', () => {
    expectThrows(
      () => parseBrokerUrl('http://h'),
      TypeError,
      'unknown scheme "http:" in broker URL "http://h" (expected mqtt:, mqtts:, ws: or wss:)',
    );
    expectThrows(
      () => parseBrokerUrl('constructor://h'),
      TypeError,
      'unknown scheme "constructor:" in broker URL "constructor://h" (expected mqtt:, mqtts:, ws: or wss:)',
    );
  });

  it.each(['', 'localhost:1883', 'mqtt:/h', 'mqtt://', 'mqtt://h:12ab', 'mqtt://[::1', 'mqtt://a b'])(
    'refuses the malformed %j with a TypeError',
    (url) => {
      expectThrows(() => parseBrokerUrl(url), TypeError, 'not a broker URL (scheme://host[:port][/path]): "' + url + '"');
    },
  );

  it('refuses a non-string, bad percent-encoding and ports out of range', () => {
    expectThrows(() => parseBrokerUrl(42 as unknown as string), TypeError, 'broker URL must be a string, got number');
    expectThrows(() => parseBrokerUrl('mqtt://%E0@h'), TypeError, 'bad percent-encoding in broker URL "mqtt://%E0@h"');
    expectThrows(() => parseBrokerUrl('mqtt://h:0'), RangeError, 'port 0 out of range 1..65535 in "mqtt://h:0"');
    expectThrows(() => parseBrokerUrl('mqtt://h:65536'), RangeError, 'port 65536 out of range 1..65535 in "mqtt://h:65536"');
  });
});

describe('parseBrokerUrl never shows a password in its errors', () => {
  it.each([
    ['mqqt://alice:S3cret@h', 'unknown scheme "mqqt:" in broker URL "mqqt://alice:***@h" (expected mqtt:, mqtts:, ws: or wss:)'],
    ['mqtt://alice:S3cret@h:70000', 'port 70000 out of range 1..65535 in "mqtt://alice:***@h:70000"'],
    ['mqtt://alice:S3cret%zz@h', 'bad percent-encoding in broker URL "mqtt://alice:***@h"'],
    ['mqtt://alice:S3cret@h h', 'not a broker URL (scheme://host[:port][/path]): "mqtt://alice:***@h h"'],
  ])('%s', (url, message) => {
    let thrown: unknown;
    try {
      parseBrokerUrl(url);
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).message).toBe(message);
    expect(String(thrown)).not.toContain('S3cret');
  });
});
