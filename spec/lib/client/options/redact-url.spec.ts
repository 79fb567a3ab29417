import { redactUrl } from '../../../../lib/client/options/redact-url';

describe('redactUrl', () => {
  it.each([
    ['mqtt://alice:S3cret@h', 'mqtt://alice:***@h'],
    ['mqtts://alice:S3cret@h:8883/x?y=1', 'mqtts://alice:***@h:8883/x?y=1'],
    ['wss://:S3cret@h/mqtt', 'wss://:***@h/mqtt'],
    ['mqqt://alice:S3cret@h', 'mqqt://alice:***@h'], // an unknown scheme too
    ['mqtt://alice:S3c@ret@h', 'mqtt://alice:***@h'], // an unencoded @ in the password
    ['mqtt://alice:S3c/ret@h', 'mqtt://alice:***@h'], // an unencoded / in the password
    ['mqtt://alice:%zz@h', 'mqtt://alice:***@h'], // bad percent-encoding
    ['alice:S3cret@h', 'alice:***@h'], // no scheme at all
    ['mqtt://h:1883/a@b', 'mqtt://h:***@b'], // ambiguous: hides more rather than less
  ])('%s → %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it.each(['mqtt://h', 'mqtt://alice@h', 'mqtt://[::1]:1883', 'not a url', ''])('leaves %s as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
  });
});
