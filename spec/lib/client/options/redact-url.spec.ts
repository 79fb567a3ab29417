import { redactUrl } from '../../../../lib/client/options/redact-url';

describe('redactUrl', () => {
  it.each([
    ['mqtt://alice:secret@broker:1883', 'mqtt://alice:***@broker:1883'],
    ['mqtts://alice:s3cr:et@broker/a/b', 'mqtts://alice:***@broker/a/b'],
    ['ws://bob:p%40ss@[::1]:8080/mqtt', 'ws://bob:***@[::1]:8080/mqtt'],
    ['mqtt://pw@at@broker', 'mqtt://pw@at@broker'], // no password, only a user name (with an @)
    ['mqtt://:secret@broker', 'mqtt://:***@broker'],
    ['mqtt://gw:s3cret@broker:1883', 'mqtt://gw:***@broker:1883'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toContain('secret');
  });

  it.each(['mqtt://alice@broker', 'mqtt://broker:1883/a@b', 'not a url', ''])('leaves %j as it is', (text) => {
    expect(redactUrl(text)).toBe(text);
  });

  it('hides a password that contains "@" up to the last "@" of the authority', () => {
    expect(redactUrl('mqtt://alice:se@cret@broker/t')).toBe('mqtt://alice:***@broker/t');
  });
});
