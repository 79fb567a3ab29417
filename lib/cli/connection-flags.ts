import { readFileSync } from 'node:fs';
import type { ClientOptions, TlsOptions, WillOptions } from '../client/types';
import type { ConnectProperties } from '../codec/packet';
import { propertyFlags, sessionExpiryFlag } from './property-flags';
import { redactUrl } from '../client/options/redact-url';
import type { FlagValues } from './argv';
import { UsageError } from './usage-error';

/**
 * The flags every networked command shares, spelled as mosquitto_pub/mosquitto_sub
 * spell them: where the broker is, who the client is, TLS files and the last will.
 */
export const CONNECTION_FLAGS = {
  host: { names: ['-h', '--host'], type: 'string', value: 'host', description: 'broker host (default localhost)' },
  port: { names: ['-p', '--port'], type: 'number', value: 'port', description: 'broker port (default 1883, 8883 with TLS)' },
  url: {
    names: ['-L', '--url'],
    type: 'string',
    value: 'url',
    description: 'broker URL instead of -h/-p: mqtt://, mqtts://, ws://, wss://, user:password@ allowed',
  },
  unix: { names: ['--unix'], type: 'string', value: 'path', description: 'connect through this unix domain socket instead of TCP' },
  bindAddress: { names: ['-A'], type: 'string', value: 'address', description: 'bind the outgoing TCP socket to this local address' },
  clientId: { names: ['-i', '--id'], type: 'string', value: 'id', description: 'client id (default: generated)' },
  clientIdPrefix: { names: ['-I', '--id-prefix'], type: 'string', value: 'prefix', description: 'client id = this prefix + the process id' },
  protocolVersion: {
    names: ['-V', '--protocol-version'],
    type: 'string',
    value: 'version',
    description: 'MQTT version: mqttv311 or 311 (default), mqttv5 or 5, mqttv31 or 31',
  },
  username: { names: ['-u', '--username'], type: 'string', value: 'user', description: 'user name' },
  password: { names: ['-P', '--pw'], type: 'string', value: 'password', description: 'password (needs -u); or --password-file, or $MQTT_PASSWORD' },
  passwordFile: { names: ['--password-file'], type: 'string', value: 'file', description: 'read the password from the first line of this file' },
  keepalive: { names: ['-k', '--keepalive'], type: 'number', value: 'seconds', description: 'keep alive in seconds (default 60, 0 = off)' },
  noClean: {
    names: ['-c', '--disable-clean-session'],
    type: 'boolean',
    description: 'keep the session on the broker between connections (needs -i)',
  },
  cafile: { names: ['--cafile'], type: 'string', value: 'file', description: 'CA certificate (PEM) to verify the broker; implies TLS' },
  cert: { names: ['--cert'], type: 'string', value: 'file', description: 'client certificate (PEM); implies TLS' },
  key: { names: ['--key'], type: 'string', value: 'file', description: 'client private key (PEM)' },
  insecure: { names: ['--insecure'], type: 'boolean', description: "do not verify the broker's certificate" },
  willTopic: { names: ['--will-topic'], type: 'string', value: 'topic', description: 'topic of the last will' },
  willPayload: { names: ['--will-payload'], type: 'string', value: 'text', description: 'payload of the last will' },
  willQos: { names: ['--will-qos'], type: 'number', value: 'qos', description: 'QoS of the last will (0, 1, 2)' },
  willRetain: { names: ['--will-retain'], type: 'boolean', description: 'retain the last will' },
  maxPacketSize: { names: ['--max-packet-size'], type: 'number', value: 'bytes', description: 'refuse incoming packets larger than this' },
  nodelay: { names: ['--nodelay'], type: 'boolean', description: "disable Nagle's algorithm (always done: accepted for mosquitto's sake)" },
  debug: { names: ['-d', '--debug'], type: 'boolean', description: 'print the packets sent and received (no payloads, no passwords)' },
  quiet: { names: ['--quiet'], type: 'boolean', description: "don't print error messages" },
  sessionExpiry: {
    names: ['-x', '--session-expiry-interval'],
    type: 'string',
    value: 'seconds',
    description: 'MQTT 5 session expiry: 0-4294967294 s, or -1 / ∞ never (default -1 with -c, else 0); ignored before MQTT 5',
  },
  property: {
    names: ['-D', '--property'],
    type: 'property',
    value: 'command identifier value',
    description: 'MQTT 5 property (sets -V 5), e.g. -D publish content-type text/plain, -D connect user-property name value',
    implies: { key: 'protocolVersion', value: '5' },
  },
} as const;

/** The parsed {@link CONNECTION_FLAGS}. */
export type ConnectionFlagValues = FlagValues<typeof CONNECTION_FLAGS>;

const SCHEMES: { [scheme: string]: boolean } = { mqtt: true, mqtts: true, ws: true, wss: true, tcp: true, ssl: true };

/** Reads a file given on the command line, with the flag named in the error. */
export function readFlagFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code || String(error);
    throw new UsageError('cannot read ' + flag + ' file "' + path + '": ' + reason);
  }
}

/**
 * The protocol level asked for with `-V`, as mosquitto spells it: 4 for `mqttv311`/`311`
 * (the default), 5 for `mqttv5`/`5`, 3 for `mqttv31`/`31`. Throws a {@link UsageError}
 * for anything else.
 */
export function protocolLevelFlag(value: string | undefined): 3 | 4 | 5 {
  if (value === undefined || value === 'mqttv311' || value === '311') return 4;
  if (value === 'mqttv5' || value === '5') return 5;
  if (value === 'mqttv31' || value === '31') return 3;
  throw new UsageError('invalid protocol version "' + value + '" for -V (mqttv311, 311, mqttv5, 5, mqttv31, 31)');
}

/**
 * The MQTT 5 part of the options, as mosquitto_pub/sub 2.0 do it: `-D connect ...` and
 * `-D will ...` properties, and the session expiry: `-x`, else never with `-c`, else 0.
 * Before MQTT 5 (`-V` after the last `-D`) `-x` and `-D` are ignored, as mosquitto does.
 */
function withMqtt5(options: ClientOptions, flags: ConnectionFlagValues): void {
  const properties = propertyFlags(flags.property);
  options.protocolVersion = 5;
  const connect: ConnectProperties = Object.assign({}, properties.connect);
  const expiry = flags.sessionExpiry !== undefined ? sessionExpiryFlag(flags.sessionExpiry) : flags.noClean ? 0xffffffff : undefined;
  if (expiry === 0xffffffff && options.clientId === undefined) {
    throw new UsageError('you must provide a client id (-i) with a session that never expires (-x -1, or -c)');
  }
  if (expiry !== undefined && expiry !== 0) connect.sessionExpiryInterval = expiry;
  if (Object.keys(connect).length > 0) options.properties = connect;
  if (properties.will !== undefined && options.will !== undefined) options.will.properties = properties.will;
}

/**
 * The topic in the path of `-L mqtt://host/topic`, as mosquitto takes it (`mqtt:` and
 * `mqtts:` URLs only: a WebSocket URL's path is the HTTP path), or undefined.
 */
export function urlTopic(flags: ConnectionFlagValues): string | undefined {
  if (flags.url === undefined) return undefined;
  const match = /^(mqtts?|tcp|ssl):\/\/[^/]*\/(.+)$/i.exec(flags.url);
  return match ? match[2] : undefined;
}

/**
 * The user name or password of a broker URL given with `flag`, percent-decoded; a bad
 * `%` sequence is a usage error naming the flag, with the URL redacted (the password is
 * never echoed).
 */
function decodeUrlPart(part: string, url: string, flag: string): string {
  try {
    return decodeURIComponent(part);
  } catch (e) {
    throw new UsageError(flag + ' has a bad percent-encoding (a % not followed by two hex digits) in its user name or password: "' + redactUrl(url) + '"');
  }
}

/**
 * The user name and password of a broker URL's `user:password@`, percent-decoded (each
 * undefined when the URL does not give it).
 *
 * @throws UsageError naming `flag` for a bad `%` sequence
 * @example
 * ```ts
 * urlCredentials('mqtt://bob:s%40cret@host', '--url'); // { username: 'bob', password: 's@cret' }
 * ```
 */
export function urlCredentials(url: string, flag: string): { username?: string; password?: string } {
  const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^@/]*)@/.exec(url);
  if (!match) return {};
  const colon = match[1].indexOf(':');
  const username = decodeUrlPart(colon >= 0 ? match[1].slice(0, colon) : match[1], url, flag);
  return colon >= 0 ? { username, password: decodeUrlPart(match[1].slice(colon + 1), url, flag) } : { username };
}

/** A password given on the command line, and the flag that gave it. */
export interface TypedPassword {
  flag: '-P' | '--password-file';
  password: string;
}

/**
 * The password given on the command line: `-P`, else the first line of
 * `--password-file`; undefined when neither is given.
 *
 * @throws UsageError for both, or for a file that cannot be read
 */
export function typedPassword(flags: { password?: string; passwordFile?: string }): TypedPassword | undefined {
  if (flags.password !== undefined && flags.passwordFile !== undefined) throw new UsageError('give either -P or --password-file, not both');
  if (flags.password !== undefined) return { flag: '-P', password: flags.password };
  if (flags.passwordFile === undefined) return undefined;
  return { flag: '--password-file', password: readFlagFile('--password-file', flags.passwordFile).split(/\r?\n/)[0] };
}

/**
 * The password a broker connection takes, by the rules every command shares: the one
 * typed on the command line (see {@link typedPassword}), else the broker URL's, else the
 * environment variable `MQTT_PASSWORD` when it is not empty and there is a user name.
 *
 * @throws UsageError for a typed password without a user name
 * @example
 * ```ts
 * brokerPassword(undefined, undefined, true, { MQTT_PASSWORD: 'secret' }); // 'secret'
 * ```
 */
export function brokerPassword(
  typed: TypedPassword | undefined,
  fromUrl: string | undefined,
  hasUser: boolean,
  env: { readonly [name: string]: string | undefined },
): string | undefined {
  if (typed !== undefined) {
    if (!hasUser) throw new UsageError('a password (' + typed.flag + ') needs a user name (-u)');
    return typed.password;
  }
  if (fromUrl !== undefined) return fromUrl;
  const fromEnv = env.MQTT_PASSWORD;
  return hasUser && fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
}

/** Throws a {@link UsageError} naming `flag` when `value` is given and outside `min`..`max`. */
export function checkRange(flag: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (value < min || value > max)) {
    throw new UsageError('option ' + flag + ' must be in ' + min + '..' + max + ', got ' + value);
  }
}

/**
 * Turns the parsed connection flags into {@link ClientOptions} for `createClient`.
 * Checks what mosquitto checks (ranges, `-P` needs `-u`, `-c` needs `-i`, a will
 * needs a topic, `--url` excludes `-h`/`-p`) and reads the TLS files. Credentials in
 * the URL (`mqtt://user:pw@host`) become `username`/`password`; the password comes from
 * `-P`, else `--password-file`, else the URL, else `env.MQTT_PASSWORD` (when there is a
 * user name). `-I prefix` makes the client id `prefix` + the process id. The transport
 * flags (`--unix`, `-A`, `-d`, `-V 31`) are `cliTransport`'s.
 *
 * Throws a {@link UsageError} for bad flags; never touches the network.
 *
 * @example
 * ```ts
 * const options = clientOptionsFromFlags(parseArgv(argv, CONNECTION_FLAGS).values);
 * const client = createClient(options);
 * ```
 */
export function clientOptionsFromFlags(flags: ConnectionFlagValues, env: { readonly [name: string]: string | undefined } = {}): ClientOptions {
  checkRange('-p', flags.port, 1, 65535);
  checkRange('-k', flags.keepalive, 0, 65535);
  checkRange('--will-qos', flags.willQos, 0, 2);
  checkRange('--max-packet-size', flags.maxPacketSize, 2, 268435455);
  const level = protocolLevelFlag(flags.protocolVersion);
  if (level !== 5 && flags.sessionExpiry !== undefined) sessionExpiryFlag(flags.sessionExpiry);
  const tls: TlsOptions = {};
  let useTls = false;
  if (flags.cafile !== undefined) {
    tls.ca = readFlagFile('--cafile', flags.cafile);
    useTls = true;
  }
  if (flags.cert !== undefined) {
    tls.cert = readFlagFile('--cert', flags.cert);
    useTls = true;
  }
  if (flags.key !== undefined) tls.key = readFlagFile('--key', flags.key);
  if (flags.insecure) tls.rejectUnauthorized = false;

  let url: string;
  let username = flags.username;
  const typed = typedPassword(flags);
  let fromUrl: string | undefined;
  if (flags.url !== undefined) {
    if (flags.host !== undefined || flags.port !== undefined) throw new UsageError('give either --url or -h/-p, not both');
    const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:([^@/]*)@)?(.+)$/.exec(flags.url);
    if (!match || !SCHEMES[match[1].toLowerCase()]) {
      throw new UsageError('--url must look like mqtt://host:port (schemes mqtt, mqtts, ws, wss), got "' + redactUrl(flags.url) + '"');
    }
    const scheme = match[1].toLowerCase();
    // mqtt://host/topic: the path is the topic (see urlTopic), not part of the broker's address.
    url = scheme + '://' + (scheme === 'ws' || scheme === 'wss' ? match[3] : match[3].split('/')[0]);
    const credentials = urlCredentials(flags.url, '--url');
    if (username === undefined) username = credentials.username;
    fromUrl = credentials.password;
  } else {
    const host = flags.host !== undefined ? flags.host : 'localhost';
    if (host === '') throw new UsageError('option -h needs a host name');
    const port = flags.port !== undefined ? flags.port : useTls ? 8883 : 1883;
    url = (useTls ? 'mqtts' : 'mqtt') + '://' + (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
  }
  const password = brokerPassword(typed, fromUrl, username !== undefined, env);
  if (flags.clientId !== undefined && flags.clientIdPrefix !== undefined) throw new UsageError('give either -i or -I, not both');
  const clientId = flags.clientIdPrefix !== undefined ? flags.clientIdPrefix + process.pid : flags.clientId;
  if (flags.noClean && clientId === undefined) throw new UsageError('-c (keep the session) needs a client id (-i)');

  const options: ClientOptions = { url, clean: !flags.noClean };
  if (clientId !== undefined) options.clientId = clientId;
  if (username !== undefined) options.username = username;
  if (password !== undefined) options.password = password;
  if (flags.keepalive !== undefined) options.keepalive = flags.keepalive;
  if (useTls || flags.key !== undefined || flags.insecure) options.tls = tls;
  if (flags.maxPacketSize !== undefined) options.maxPacketSize = flags.maxPacketSize;

  if (flags.willTopic !== undefined) {
    const will: WillOptions = { topic: flags.willTopic, payload: flags.willPayload !== undefined ? flags.willPayload : '' };
    if (flags.willQos !== undefined) will.qos = flags.willQos as 0 | 1 | 2;
    if (flags.willRetain) will.retain = true;
    options.will = will;
  } else if (flags.willPayload !== undefined || flags.willQos !== undefined || flags.willRetain) {
    throw new UsageError('--will-payload, --will-qos and --will-retain need --will-topic');
  }
  if (level === 5) withMqtt5(options, flags);
  return options;
}
