import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgv } from '../../../lib/cli/argv';
import { clientOptionsFromFlags, CONNECTION_FLAGS, protocolLevelFlag, urlTopic } from '../../../lib/cli/connection-flags';
import { UsageError } from '../../../lib/cli/usage-error';

function optionsOf(argv: string[], env: { [name: string]: string } = {}) {
  return clientOptionsFromFlags(parseArgv(argv, CONNECTION_FLAGS).values, env);
}

function errorOf(argv: string[]): Error {
  try {
    optionsOf(argv);
  } catch (error) {
    return error as Error;
  }
  throw new Error('accepted ' + JSON.stringify(argv));
}

describe('clientOptionsFromFlags', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxmqtt-cli-flags-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    writeFileSync(join(dir, 'cert.pem'), 'CERT PEM');
    writeFileSync(join(dir, 'key.pem'), 'KEY PEM');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to mqtt://localhost:1883 with a clean session, as mosquitto does', () => {
    expect(optionsOf([])).toEqual({ url: 'mqtt://localhost:1883', clean: true });
  });

  it('maps -h -p -i -u -P -k -c', () => {
    expect(optionsOf(['-h', '10.0.0.2', '-p', '1884', '-i', 'me', '-u', 'bob', '-P', 'pw', '-k', '30', '-c'])).toEqual({
      url: 'mqtt://10.0.0.2:1884',
      clientId: 'me',
      username: 'bob',
      password: 'pw',
      keepalive: 30,
      clean: false,
    });
  });

  it('brackets an IPv6 host', () => {
    expect(optionsOf(['-h', '::1']).url).toBe('mqtt://[::1]:1883');
  });

  it('takes --url as given and lifts user:password out of it', () => {
    expect(optionsOf(['--url', 'WS://al%40ice:s3cr%3At@broker:8080/mqtt'])).toEqual({
      url: 'ws://broker:8080/mqtt',
      username: 'al@ice',
      password: 's3cr:t',
      clean: true,
    });
    expect(optionsOf(['-L', 'mqtt://u@h', '-P', 'flag']).password).toBe('flag');
  });

  it('takes the topic from the path of an mqtt:// URL, and keeps a WebSocket URL whole', () => {
    const topicOf = (url: string) => urlTopic(parseArgv(['-L', url], CONNECTION_FLAGS).values);
    expect(optionsOf(['-L', 'mqtt://h:1884/sensors/#']).url).toBe('mqtt://h:1884');
    expect(topicOf('mqtt://u:p@h:1884/sensors/#')).toBe('sensors/#');
    expect(topicOf('mqtts://h/a/b')).toBe('a/b');
    expect(topicOf('mqtt://h:1884')).toBeUndefined();
    expect(topicOf('ws://h:8080/mqtt')).toBeUndefined();
    expect(optionsOf(['-L', 'ws://h:8080/mqtt']).url).toBe('ws://h:8080/mqtt');
  });

  it('takes the password from -P, else --password-file (first line), else the URL, else $MQTT_PASSWORD', () => {
    writeFileSync(join(dir, 'pw'), 'from-file\nsecond line\n');
    const env = { MQTT_PASSWORD: 'from-env' };
    expect(optionsOf(['-u', 'bob', '-P', 'flag'], env).password).toBe('flag');
    expect(optionsOf(['-u', 'bob', '--password-file', join(dir, 'pw')], env).password).toBe('from-file');
    expect(optionsOf(['-L', 'mqtt://bob:url@h'], env).password).toBe('url');
    expect(optionsOf(['-u', 'bob'], env).password).toBe('from-env');
    expect(optionsOf(['-L', 'mqtt://bob@h'], env).password).toBe('from-env');
    // no user name: the ambient variable is not sent anywhere
    expect(optionsOf([], env).password).toBeUndefined();
  });

  it('-I makes the client id prefix + pid; --max-packet-size is the client limit', () => {
    expect(optionsOf(['-I', 'sensor-']).clientId).toBe('sensor-' + process.pid);
    expect(optionsOf(['--max-packet-size', '1024']).maxPacketSize).toBe(1024);
  });

  it('maps -V as mosquitto spells it', () => {
    expect(protocolLevelFlag(undefined)).toBe(4);
    expect(protocolLevelFlag('311')).toBe(4);
    expect(protocolLevelFlag('mqttv311')).toBe(4);
    expect(protocolLevelFlag('31')).toBe(3);
    expect(protocolLevelFlag('mqttv31')).toBe(3);
    expect(protocolLevelFlag('mqttv5')).toBe(5);
    expect(protocolLevelFlag('5')).toBe(5);
  });

  it('MQTT 5 as mosquitto_pub/sub 2.0: -V 5, -D (which sets -V 5 where it stands), -x, -c never expiring', () => {
    expect(optionsOf(['-V', '5']).protocolVersion).toBe(5);
    expect(optionsOf(['-V', 'mqttv5', '-x', '60']).properties).toEqual({ sessionExpiryInterval: 60 });
    expect(optionsOf(['-V', '5', '-x', '0']).properties).toBeUndefined();
    expect(optionsOf(['-V', '5', '-c', '-i', 'me']).properties).toEqual({ sessionExpiryInterval: 0xffffffff });
    expect(optionsOf(['-V', '5', '-i', 'me', '-x', '∞']).properties).toEqual({ sessionExpiryInterval: 0xffffffff });
    expect(optionsOf(['-x', '60']).properties).toBeUndefined(); // ignored before MQTT 5, as mosquitto does
    const withD = optionsOf(['-D', 'connect', 'user-property', 'a', 'b', '-D', 'connect', 'user-property', 'a', 'c', '-D', 'connect', 'receive-maximum', '5']);
    expect(withD.protocolVersion).toBe(5);
    expect(withD.properties).toEqual({ userProperties: { a: ['b', 'c'] }, receiveMaximum: 5 });
    // a -V after the -D wins, as with mosquitto: then the properties are not sent
    const after = optionsOf(['-D', 'connect', 'receive-maximum', '5', '-V', '311']);
    expect([after.protocolVersion, after.properties]).toEqual([undefined, undefined]);
    expect(optionsOf(['-V', '31', '-D', 'connect', 'receive-maximum', '5']).protocolVersion).toBe(5);
    const will = optionsOf(['--will-topic', 'w', '-D', 'will', 'will-delay-interval', '10', '-D', 'will', 'content-type', 'text/plain']).will;
    expect(will).toEqual({ topic: 'w', payload: '', properties: { willDelayInterval: 10, contentType: 'text/plain' } });
  });

  it('switches to mqtts and port 8883 with --cafile, and reads the PEM files', () => {
    const options = optionsOf(['--cafile', join(dir, 'ca.pem'), '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'), '--insecure']);
    expect(options.url).toBe('mqtts://localhost:8883');
    expect(options.tls).toEqual({ ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM', rejectUnauthorized: false });
  });

  it('builds the will', () => {
    expect(optionsOf(['--will-topic', 'dev/status', '--will-payload', 'gone', '--will-qos', '1', '--will-retain']).will).toEqual({
      topic: 'dev/status',
      payload: 'gone',
      qos: 1,
      retain: true,
    });
    expect(optionsOf(['--will-topic', 'dev/status']).will).toEqual({ topic: 'dev/status', payload: '' });
  });

  it.each([
    [['-p', '0'], 'option -p must be in 1..65535, got 0'],
    [['-p', '70000'], 'option -p must be in 1..65535, got 70000'],
    [['-k', '-1'], 'option -k must be in 0..65535, got -1'],
    [['--will-topic', 't', '--will-qos', '3'], 'option --will-qos must be in 0..2, got 3'],
    [['-P', 'pw'], 'a password (-P) needs a user name (-u)'],
    [['-c'], '-c (keep the session) needs a client id (-i)'],
    [['--will-payload', 'x'], '--will-payload, --will-qos and --will-retain need --will-topic'],
    [['--url', 'mqtt://h', '-p', '1'], 'give either --url or -h/-p, not both'],
    [['--url', 'http://h'], '--url must look like mqtt://host:port (schemes mqtt, mqtts, ws, wss), got "http://h"'],
    [['--url', 'http://bob:secret@h'], '--url must look like mqtt://host:port (schemes mqtt, mqtts, ws, wss), got "http://bob:***@h"'],
    [['-u', 'bob', '-P', 'a', '--password-file', 'f'], 'give either -P or --password-file, not both'],
    [['-u', 'bob', '--password-file', '/nonexistent/pw'], 'cannot read --password-file file "/nonexistent/pw": ENOENT'],
    [['--max-packet-size', '1'], 'option --max-packet-size must be in 2..268435455, got 1'],
    [['--url', 'h:1883'], '--url must look like mqtt://host:port (schemes mqtt, mqtts, ws, wss), got "h:1883"'],
    [['-h', ''], 'option -h needs a host name'],
    [['--url', 'mqtt://a%zz@127.0.0.1'], '--url has a bad percent-encoding (a % not followed by two hex digits) in its user name or password: "mqtt://a%zz@127.0.0.1"'],
    [['--url', 'mqtt://bob:S3c%zzret@h'], '--url has a bad percent-encoding (a % not followed by two hex digits) in its user name or password: "mqtt://bob:***@h"'],
    [['--cafile', '/nonexistent/ca.pem'], 'cannot read --cafile file "/nonexistent/ca.pem": ENOENT'],
  ])('rejects %j', (argv, message) => {
    const error = errorOf(argv);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(message);
  });
});
