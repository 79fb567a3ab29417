import { lookup } from 'node:dns/promises';
import { Subscription, firstValueFrom } from 'rxjs';
import { nextGatewayEpoch } from '../../adapters/gateway-epoch-file';
import { registerNodeSchemes } from '../../adapters/node-schemes';
import { redactUrl } from '../client/options/redact-url';
import type { ClientOptions } from '../client/types';
import { GatewayConfig, parseGatewayConfig } from '../gateway/gateway-config';
import type { GatewayEvent } from '../gateway/gateway-event';
import { formatNodeAddress, parseNodeAddress } from '../gateway/node-link';
import { GatewayHandle, startGateway } from '../gateway/start-gateway';
import { TokenBucket } from '../gateway/token-bucket';
import type { FlagValues } from './argv';
import type { CliCommand, CliIo } from './cli-io';
import { brokerPassword, checkRange, readFlagFile, typedPassword, urlCredentials } from './connection-flags';
import { describeError } from './describe-error';
import { parseCommandLine } from './parse-command-line';
import { UsageError } from './usage-error';

/** The flags of `rxmqtt gateway`. */
export const GATEWAY_FLAGS = {
  broker: {
    names: ['-L', '--url', '--broker'],
    type: 'string',
    value: 'url',
    description: 'the broker: mqtt://, mqtts://, ws://, wss:// (user:password@ allowed, never printed)',
  },
  udp: { names: ['--udp'], type: 'string', value: 'host:port', description: 'the address to bind for nodes, and only that one (port 0: a free one)' },
  config: { names: ['--config'], type: 'string', value: 'file', description: 'JSON gwcfg: nodes (keys and reach), open, qlen, lpmode, limits, topics' },
  state: { names: ['--state'], type: 'string', value: 'file', description: "where the run's epoch is kept (default: the config file's path + .state)" },
  open: { names: ['--open'], type: 'boolean', description: 'also accept nodes without keys (unauthenticated): only on a network you trust' },
  clientId: { names: ['-i', '--id', '--client-id'], type: 'string', value: 'id', description: "the gateway's client id (default rxmqtt-gateway-<random>)" },
  username: { names: ['-u', '--username'], type: 'string', value: 'user', description: 'broker user name' },
  passwordFile: { names: ['--password-file'], type: 'string', value: 'file', description: 'broker password, read from a file (else $MQTT_PASSWORD)' },
  debug: { names: ['-d', '--debug'], type: 'boolean', description: 'print every event (rate-limited), as config "debug": true' },
  maxPacketSize: { names: ['--max-packet-size'], type: 'number', value: 'bytes', description: 'refuse packets from the broker larger than this (default 16 MiB)' },
} as const;

const HELP = {
  usage: 'rxmqtt gateway --broker URL --udp HOST:PORT (--config FILE | --open) [options]',
  summary:
    'Bridge low-power nodes on UDP to a broker (seed 004). Nodes authenticate with the keys in\n' +
    '--config ("nodes": {"<id>": {"key": "<64 hex digits>"}}); --open also lets in nodes without keys.',
};

/** Extra hooks for specs: called once the gateway runs, with its handle. */
export interface GatewayCommandHooks {
  started?: (handle: GatewayHandle) => void;
}

/**
 * `rxmqtt gateway`: parses the flags, loads `--config`, takes the next epoch from the
 * state file, resolves the broker's address (never taken datagrams from), starts the
 * gateway (see {@link startGateway}) and runs it until Ctrl-C. Prints where it listens
 * (the URL's password redacted), warns loudly when it is open, prints error events (every
 * event with debug), at most `report_rate` lines a minute with a count of those held back.
 *
 * Resolves 0 after a clean stop or `--help`, 1 when the gateway could not start or the
 * client ended by itself (so a supervisor restarts it); throws a {@link UsageError} (exit
 * 2) for bad flags or config.
 *
 * @example
 * ```sh
 * rxmqtt gateway --broker mqtt://127.0.0.1:1883 --udp 0.0.0.0:8266 --config gateway.json
 * ```
 */
export function runGatewayCommand(argv: string[], io: CliIo, hooks: GatewayCommandHooks = {}): Promise<number> {
  const flags = parseCommandLine(argv, io, HELP, GATEWAY_FLAGS);
  if (flags === undefined) return Promise.resolve(0);
  if (flags.broker === undefined) throw new UsageError('--broker URL is required');
  if (flags.udp === undefined) throw new UsageError('--udp HOST:PORT is required');
  checkRange('--max-packet-size', flags.maxPacketSize, 2, 268435455);
  let udp: { host: string; port: number };
  try {
    udp = parseNodeAddress(flags.udp, true);
  } catch (e) {
    throw new UsageError('--udp ' + (e as Error).message);
  }
  const config = loadConfig(flags);
  const keyed = Object.keys(config.nodes).length;
  if (keyed === 0 && !config.open) {
    throw new UsageError('no nodes: give --config with "nodes": {"<id>": {"key": "<64 hex digits>"}}, or --open to accept nodes without keys');
  }
  const broker = flags.broker;
  const credentials = urlCredentials(broker, '--broker');
  const username = flags.username !== undefined ? flags.username : credentials.username;
  const password = brokerPassword(typedPassword(flags), credentials.password, username !== undefined, io.env);
  const secrets = [password, urlPassword(broker)].filter((secret): secret is string => !!secret);
  const scrub = (line: string): string => secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), line);
  const out = (line: string): unknown => io.stdout.write(scrub(line) + '\n');
  const err = (line: string): unknown => io.stderr.write(scrub(line) + '\n');

  const options: ClientOptions = { url: broker, clientId: flags.clientId || 'rxmqtt-gateway-' + Math.random().toString(16).slice(2, 10) };
  if (username !== undefined) options.username = username;
  if (password !== undefined) options.password = password;
  if (flags.maxPacketSize !== undefined) options.maxPacketSize = flags.maxPacketSize;
  registerNodeSchemes();
  const client = io.createClient(options);
  const statePath = flags.state !== undefined ? flags.state : flags.config !== undefined ? flags.config + '.state' : undefined;
  const logs = new TokenBucket(config.report_rate / 60, 10, () => Date.now());
  let held = 0;
  const log = (event: GatewayEvent): void => {
    if (!config.debug && event.type !== 'error') return;
    if (!logs.take()) {
      held++;
      return;
    }
    if (held > 0) err('rxmqtt gateway: ' + held + ' log lines suppressed (report_rate ' + config.report_rate + '/min)');
    held = 0;
    err(formatEvent(event));
  };

  return Promise.resolve()
    .then(() => {
      const epoch = statePath !== undefined ? nextGatewayEpoch(statePath) : undefined;
      return brokerAddresses(broker).then((blocked) => startGateway({ client, udp, config, epoch, blocked, onEvent: log }));
    })
    .then(
      (handle) => {
        const c = handle.gateway.config;
        const where = formatNodeAddress(handle.address.host, handle.address.port);
        out(
          'rxmqtt gateway: udp ' + where + ' <-> ' + redactUrl(broker) +
            ' (' + keyed + ' keyed node' + (keyed === 1 ? '' : 's') + (c.open ? ', OPEN' : '') +
            ', lpmode ' + (c.lpmode ? 'on' : 'off') + ', qlen ' + c.qlen + ', pub_all ' + c.pub_all.topic + ')',
        );
        if (c.open) {
          err('rxmqtt gateway: WARNING: OPEN MODE: any host that can reach udp ' + where +
            ' may publish and subscribe as an unauthenticated node, known only by its (spoofable) source address');
        }
        if (hooks.started) hooks.started(handle);
        let watch: Subscription | undefined;
        const ended = new Promise<Error | undefined>((resolve) => {
          watch = client.state$.subscribe((state) => {
            if (state.status === 'disconnected') resolve(state.error || new Error('the client was disconnected'));
          });
        });
        const stopped = firstValueFrom(io.interrupt$).then(() => undefined);
        return Promise.race([stopped, ended]).then((error) => {
          if (watch) watch.unsubscribe();
          return handle.stop().then(() => {
            if (error === undefined) {
              out('rxmqtt gateway: stopped');
              return 0;
            }
            err('rxmqtt gateway: the broker connection ended: ' + describeError(error));
            return 1;
          });
        });
      },
      (error: unknown) => {
        err('rxmqtt gateway: cannot start: ' + describeError(error));
        return 1;
      },
    );
}

/** `rxmqtt gateway ...`, as `rxmqtt` runs it. */
export const gatewayCommand: CliCommand = (argv, io) => runGatewayCommand(argv, io);

function loadConfig(flags: FlagValues<typeof GATEWAY_FLAGS>): GatewayConfig {
  let parsed: unknown = {};
  if (flags.config !== undefined) {
    const text = readFlagFile('--config', flags.config);
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UsageError('gateway config: ' + flags.config + ' is not JSON: ' + (error as Error).message);
    }
  }
  let config: GatewayConfig;
  try {
    config = parseGatewayConfig(parsed);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (flags.open) config.open = true;
  if (flags.debug) config.debug = true;
  return config;
}

/** The broker's `host:port` for each address its host resolves to (none when it does not resolve). */
function brokerAddresses(url: string): Promise<string[]> {
  const match = /^([a-z]+):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?/i.exec(url);
  if (!match) return Promise.resolve([]);
  const defaults: { [scheme: string]: number } = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };
  const host = match[2].replace(/^\[|\]$/g, '');
  const port = match[3] !== undefined ? Number(match[3]) : defaults[match[1].toLowerCase()] || 1883;
  return lookup(host, { all: true }).then(
    (found) => found.map((a) => formatNodeAddress(a.address, port)),
    () => [],
  );
}

/** The password of `url` as written there (not decoded), for scrubbing output; undefined when it has none. */
function urlPassword(url: string): string | undefined {
  const match = /^[^:]+:\/\/[^:@/]*:([^@/]*)@/.exec(url);
  return match && match[1] !== '' ? match[1] : undefined;
}

/** One line per event. */
function formatEvent(event: GatewayEvent): string {
  const fields = Object.keys(event).filter((k) => k !== 'type');
  return 'gateway ' + event.type + fields.map((k) => ' ' + k + '=' + JSON.stringify((event as unknown as { [k: string]: unknown })[k])).join('');
}
