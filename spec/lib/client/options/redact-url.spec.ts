import { redactUrl } from '../../../../lib/client/options/redact-url';

describe('redactUrl', () => {
  it.each([
    ['mqtt://alice:secret@h', 'mqtt://alice:***@h'],
    ['mqtts://alice:s3cret@broker:8883/path', 'mqtts://alice:***@broker:8883/path'],
    ['ws://u:p%40ss@h:80/mqtt', 'ws://u:***@h:80/mqtt'],
    ['mqtt://:pw@h', 'mqtt://:***@h'],
    // malformed URLs end up in error messages: a password with "/" or "@" is still hidden
    ['mqtt://u:pa/ss@h', 'mqtt://u:***@h'],
    ['mqtt://u:p@ss@h:1', 'mqtt://u:***@h:1'],
  ])('hides the password of %j', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it.each(['mqtt://h', 'mqtt://h:1883', 'mqtt://alice@h:1883', 'ws://h:80/mqtt', 'not a url', '', 'mqtt://[::1]:1883'])(
    'leaves %j as it is (no password)',
    (url) => {
      expect(redactUrl(url)).toBe(url);
    },
  );
});
