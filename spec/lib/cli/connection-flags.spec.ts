import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgv } from '../../../lib/cli/argv';
import { clientOptionsFromFlags, CONNECTION_FLAGS } from '../../../lib/cli/connection-flags';
import { UsageError } from '../../../lib/cli/usage-error';

function optionsOf(argv: string[]) {
  return clientOptionsFromFlags(parseArgv(argv, CONNECTION_FLAGS).values);
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
    [['--url', 'h:1883'], '--url must look like mqtt://host:port (schemes mqtt, mqtts, ws, wss), got "h:1883"'],
    [['-h', ''], 'option -h needs a host name'],
    [['--cafile', '/nonexistent/ca.pem'], 'cannot read --cafile file "/nonexistent/ca.pem": ENOENT'],
  ])('rejects %j', (argv, message) => {
    const error = errorOf(argv);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(message);
  });
});
