import { readFileSync } from 'node:fs';
import type { ClientOptions, TlsOptions, WillOptions } from '../client/types';
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
  clientId: { names: ['-i', '--id'], type: 'string', value: 'id', description: 'client id (default: generated)' },
  username: { names: ['-u', '--username'], type: 'string', value: 'user', description: 'user name' },
  password: { names: ['-P', '--pw'], type: 'string', value: 'password', description: 'password (needs -u)' },
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

function checkRange(flag: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (value < min || value > max)) {
    throw new UsageError('option ' + flag + ' must be in ' + min + '..' + max + ', got ' + value);
  }
}

/**
 * Turns the parsed connection flags into {@link ClientOptions} for `createClient`.
 * Checks what mosquitto checks (ranges, `-P` needs `-u`, `-c` needs `-i`, a will
 * needs a topic, `--url` excludes `-h`/`-p`) and reads the TLS files. Credentials in
 * the URL (`mqtt://user:pw@host`) become `username`/`password`.
 *
 * Throws a {@link UsageError} for bad flags; never touches the network.
 *
 * @example
 * ```ts
 * const options = clientOptionsFromFlags(parseArgv(argv, CONNECTION_FLAGS).values);
 * const client = createClient(options);
 * ```
 */
export function clientOptionsFromFlags(flags: ConnectionFlagValues): ClientOptions {
  checkRange('-p', flags.port, 1, 65535);
  checkRange('-k', flags.keepalive, 0, 65535);
  checkRange('--will-qos', flags.willQos, 0, 2);
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
  let password = flags.password;
  if (flags.url !== undefined) {
    if (flags.host !== undefined || flags.port !== undefined) throw new UsageError('give either --url or -h/-p, not both');
    const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:([^@/]*)@)?(.+)$/.exec(flags.url);
    if (!match || !SCHEMES[match[1].toLowerCase()]) {
      throw new UsageError('--url must look like mqtt://host:port (schemes mqtt, mqtts, ws, wss), got "' + flags.url + '"');
    }
    url = match[1].toLowerCase() + '://' + match[3];
    if (match[2] !== undefined) {
      const colon = match[2].indexOf(':');
      const user = decodeURIComponent(colon >= 0 ? match[2].slice(0, colon) : match[2]);
      if (username === undefined) username = user;
      if (colon >= 0 && password === undefined) password = decodeURIComponent(match[2].slice(colon + 1));
    }
  } else {
    const host = flags.host !== undefined ? flags.host : 'localhost';
    if (host === '') throw new UsageError('option -h needs a host name');
    const port = flags.port !== undefined ? flags.port : useTls ? 8883 : 1883;
    url = (useTls ? 'mqtts' : 'mqtt') + '://' + (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
  }
  if (password !== undefined && username === undefined) throw new UsageError('a password (-P) needs a user name (-u)');
  if (flags.noClean && flags.clientId === undefined) throw new UsageError('-c (keep the session) needs a client id (-i)');

  const options: ClientOptions = { url, clean: !flags.noClean };
  if (flags.clientId !== undefined) options.clientId = flags.clientId;
  if (username !== undefined) options.username = username;
  if (password !== undefined) options.password = password;
  if (flags.keepalive !== undefined) options.keepalive = flags.keepalive;
  if (useTls || flags.key !== undefined || flags.insecure) options.tls = tls;

  if (flags.willTopic !== undefined) {
    const will: WillOptions = { topic: flags.willTopic, payload: flags.willPayload !== undefined ? flags.willPayload : '' };
    if (flags.willQos !== undefined) will.qos = flags.willQos as 0 | 1 | 2;
    if (flags.willRetain) will.retain = true;
    options.will = will;
  } else if (flags.willPayload !== undefined || flags.willQos !== undefined || flags.willRetain) {
    throw new UsageError('--will-payload, --will-qos and --will-retain need --will-topic');
  }
  return options;
}
