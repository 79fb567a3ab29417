import type { Subscription } from 'rxjs';
import { registerNodeSchemes } from '../../adapters/node-schemes';
import { createClient } from '../client/create-client';
import type { ClientOptions, MqttClient } from '../client/types';
import { GatewayConfig, loadGatewayConfig } from './gateway-config';
import type { GatewayEvent } from './gateway-event';
import { parseNodeAddress } from './node-link';
import { GatewayHandle, startGateway } from './start-gateway';

/** Usage of `rxmqtt gateway`. */
export const GATEWAY_USAGE =
  'usage: rxmqtt gateway --broker URL --udp HOST:PORT [--config FILE] [--client-id ID]\n' +
  '  --broker     the MQTT broker, mqtt://, mqtts://, ws:// or wss://\n' +
  '  --udp        the address to bind for nodes, and only that one (e.g. 127.0.0.1:8266; port 0: a free one)\n' +
  '  --config     a JSON gwcfg: qlen, lpmode, pub_all, errors, status, statreq, debug, ...\n' +
  '  --client-id  the gateway\'s MQTT client id (default rxmqtt-gateway-<random>)';

/** The options of `rxmqtt gateway`, parsed. */
export interface GatewayArgs {
  broker: string;
  udp: { host: string; port: number };
  configPath?: string;
  clientId?: string;
}

/**
 * Parses the arguments of `rxmqtt gateway` (after the word `gateway`). Throws a
 * `TypeError` naming the problem: an unknown option, a missing value, no `--broker` or
 * `--udp`, a `--udp` that is not `HOST:PORT`.
 *
 * @example
 * ```ts
 * parseGatewayArgs(['--broker', 'mqtt://127.0.0.1', '--udp', '127.0.0.1:8266']);
 * // { broker: 'mqtt://127.0.0.1', udp: { host: '127.0.0.1', port: 8266 } }
 * ```
 */
export function parseGatewayArgs(argv: string[]): GatewayArgs {
  const values: { [option: string]: string } = {};
  const known = ['--broker', '--udp', '--config', '--client-id'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (known.indexOf(name) < 0) throw new TypeError('rxmqtt gateway: unknown option "' + arg + '"');
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new TypeError('rxmqtt gateway: ' + name + ' needs a value');
    values[name] = value;
  }
  if (values['--broker'] === undefined) throw new TypeError('rxmqtt gateway: --broker URL is required');
  if (values['--udp'] === undefined) throw new TypeError('rxmqtt gateway: --udp HOST:PORT is required');
  let udp: { host: string; port: number };
  try {
    udp = parseNodeAddress(values['--udp'], true);
  } catch (e) {
    throw new TypeError('rxmqtt gateway: --udp ' + (e as Error).message);
  }
  const args: GatewayArgs = { broker: values['--broker'], udp };
  if (values['--config'] !== undefined) args.configPath = values['--config'];
  if (values['--client-id'] !== undefined) args.clientId = values['--client-id'];
  return args;
}

/** Where {@link runGatewayCommand} writes and what ends it; all optional (tests inject them). */
export interface GatewayCommandIo {
  /** One line of normal output (default: process.stdout). */
  out?: (line: string) => void;
  /** One line of diagnostics (default: process.stderr). */
  err?: (line: string) => void;
  /** Resolves when the gateway should stop (default: the first SIGINT or SIGTERM). */
  until?: Promise<void>;
  /** Makes the broker client (default: `createClient` with Node's transports). */
  createClient?: (options: ClientOptions) => MqttClient;
  /** Called once the gateway runs, with its handle. */
  started?: (handle: GatewayHandle) => void;
}

/**
 * Runs `rxmqtt gateway ARGS` until `io.until` (Ctrl-C by default): parses the arguments,
 * loads the config file, starts the gateway (see {@link startGateway}), prints where it
 * listens, prints every event when `debug` is on, and stops cleanly. Resolves with the
 * exit code: 0 after a clean stop or `--help` (the usage on stdout), 2 for bad arguments or config (one line on stderr), 1
 * when the gateway could not start (the broker refused or was unreachable, the UDP port
 * was taken) or when the client ended by itself (its reconnect policy gave up) so that
 * a supervisor can restart it. Never rejects.
 *
 * @example
 * ```ts
 * // bin: rxmqtt gateway --broker mqtt://127.0.0.1:1883 --udp 127.0.0.1:8266
 * runGatewayCommand(process.argv.slice(3)).then((code) => process.exit(code));
 * ```
 */
export function runGatewayCommand(argv: string[], io: GatewayCommandIo = {}): Promise<number> {
  const out = io.out || ((line: string) => process.stdout.write(line + '\n'));
  const err = io.err || ((line: string) => process.stderr.write(line + '\n'));
  if (argv.indexOf('--help') >= 0 || argv.indexOf('-h') >= 0) {
    out(GATEWAY_USAGE);
    return Promise.resolve(0);
  }
  let args: GatewayArgs;
  let config: GatewayConfig | undefined;
  try {
    args = parseGatewayArgs(argv);
    if (args.configPath !== undefined) config = loadGatewayConfig(args.configPath);
  } catch (error) {
    err((error as Error).message);
    return Promise.resolve(2);
  }
  let client: MqttClient;
  try {
    registerNodeSchemes();
    client = (io.createClient || createClient)({
      url: args.broker,
      clientId: args.clientId || 'rxmqtt-gateway-' + Math.random().toString(16).slice(2, 10),
    });
  } catch (error) {
    err('rxmqtt gateway: ' + (error as Error).message);
    return Promise.resolve(2);
  }
  const debug = config ? config.debug : true;
  return startGateway({
    client,
    udp: args.udp,
    config,
    onEvent: debug ? (event) => err(formatEvent(event)) : undefined,
  }).then(
    (handle) => {
      const c = handle.gateway.config;
      out(
        'rxmqtt gateway: udp ' + handle.address.host + ':' + handle.address.port + ' <-> ' + args.broker +
          ' (lpmode ' + (c.lpmode ? 'on' : 'off') + ', qlen ' + c.qlen + ', pub_all ' + c.pub_all.topic + ')',
      );
      if (io.started) io.started(handle);
      let watch: Subscription | undefined;
      const ended = new Promise<Error | undefined>((resolve) => {
        watch = client.state$.subscribe((state) => {
          if (state.status === 'disconnected') resolve(state.error || new Error('the client was disconnected'));
        });
      });
      const stopped = (io.until || signalled()).then(() => undefined);
      return Promise.race([stopped, ended]).then((error) => {
        if (watch) watch.unsubscribe();
        return handle.stop().then(() => {
          if (error === undefined) {
            out('rxmqtt gateway: stopped');
            return 0;
          }
          const code = (error as Error & { code?: string }).code;
          err('rxmqtt gateway: the broker connection ended: ' + (code ? '[' + code + '] ' : '') + error.message);
          return 1;
        });
      });
    },
    (error: Error & { code?: string }) => {
      err('rxmqtt gateway: cannot start: ' + (error.code ? '[' + error.code + '] ' : '') + error.message);
      return 1;
    },
  );
}

/** One line per event for the debug output. */
function formatEvent(event: GatewayEvent): string {
  const fields = Object.keys(event).filter((k) => k !== 'type');
  return 'gateway ' + event.type + fields.map((k) => ' ' + k + '=' + JSON.stringify((event as unknown as { [k: string]: unknown })[k])).join('');
}

/** Resolves on the first SIGINT or SIGTERM, then removes its listeners. */
function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.removeListener('SIGINT', done);
      process.removeListener('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
