import { redactUrl } from '../../../../lib/client/options/redact-url';

describe('redactUrl', () => {
  it.each([
    ['mqtt://gw:s3cret@broker:1883', 'mqtt://gw:***@broker:1883'],
    ['mqtts://gw:p%40ss@b/x', 'mqtts://gw:***@b/x'],
    ['ws://:only-pw@b:80/mqtt', 'ws://:***@b:80/mqtt'],
    ['mqtt://gw@broker', 'mqtt://gw@broker'],
    ['mqtt://broker:1883', 'mqtt://broker:1883'],
    ['not a url', 'not a url'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
