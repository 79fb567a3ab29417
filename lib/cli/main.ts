import { benchCommand } from './bench-command';
import { brokerCommand } from './broker-command';
import type { CliCommand, CliIo } from './cli-io';
import { ConnectionRefusedError } from '../errors';
import { describeError } from './describe-error';
import { gatewayCommand } from './gateway-command';
import { pubCommand } from './pub-command';
import { subCommand } from './sub-command';
import { packageVersion } from './package-version';
import { UsageError } from './usage-error';

/** One command of `rxmqtt`. */
export interface CommandEntry {
  readonly run: CliCommand;
  /** One line for `rxmqtt --help`. */
  readonly summary: string;
  /** Exit with mosquitto_pub/mosquitto_sub's statuses (see {@link exitStatusOf}). */
  readonly mosquittoStatus?: boolean;
}

/** The commands of `rxmqtt`, by name, with their one-line summaries. */
export const COMMANDS: { readonly [name: string]: CommandEntry } = {
  sub: { run: subCommand, summary: 'subscribe to topic filters and print messages (like mosquitto_sub)', mosquittoStatus: true },
  pub: { run: pubCommand, summary: 'publish a message, a file or stdin lines (like mosquitto_pub)', mosquittoStatus: true },
  bench: { run: benchCommand, summary: 'measure publish/receive throughput and latency through a broker' },
  broker: { run: brokerCommand, summary: 'run an embedded MQTT broker (aedes) on the loopback interface' },
  gateway: { run: gatewayCommand, summary: 'bridge low-power UDP nodes to a broker (seed 004)' },
};

/** The top-level `rxmqtt --help` text. */
export function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const lines = ['Usage: rxmqtt <command> [options]', '', 'Commands:'];
  for (let i = 0; i < names.length; i++) lines.push('  ' + names[i].padEnd(8) + COMMANDS[names[i]].summary);
  lines.push('', "Run 'rxmqtt <command> --help' for the options of a command, 'rxmqtt --version' for the version.");
  return lines.join('\n') + '\n';
}

/** MQTT_ERR_CONN_REFUSED: mosquitto_pub/mosquitto_sub's status for a refused CONNACK. */
export const EXIT_CONNECTION_REFUSED = 5;

/**
 * The exit status of a command that failed with `error`. For `pub` and `sub`
 * (`mosquittoStatus`), mosquitto's: 1 for a bad command line and for a failure, 5 for a
 * refused connection (any CONNACK return code). For the other commands: 2 for a bad
 * command line (a {@link UsageError}, or a `TypeError`/`RangeError` from the library's
 * argument checks), 1 for anything else.
 */
export function exitStatusOf(error: unknown, mosquittoStatus: boolean): number {
  if (error instanceof UsageError || error instanceof TypeError || error instanceof RangeError) return mosquittoStatus ? 1 : 2;
  if (error instanceof ConnectionRefusedError && mosquittoStatus) return EXIT_CONNECTION_REFUSED;
  return 1;
}

/**
 * Runs `rxmqtt <command> ...args` and resolves to the exit status ({@link exitStatusOf});
 * never rejects and never exits the process itself. A failure becomes one line on stderr,
 * `rxmqtt <command>: <what went wrong>`, with no stack trace (none at all with `--quiet`).
 * `rxmqtt --version` and `rxmqtt <command> --version` print the package version.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo());
 * ```
 */
export function runCli(argv: string[], io: CliIo): Promise<number> {
  const name = argv[0];
  if (name === undefined || name === '--help' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(mainHelp());
    return Promise.resolve(name === undefined ? 2 : 0);
  }
  if (name === '--version' || argv[1] === '--version') {
    io.stdout.write('rxmqtt ' + packageVersion() + '\n');
    return Promise.resolve(0);
  }
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, name)) {
    io.stderr.write('rxmqtt: unknown command "' + name + '" (commands: ' + Object.keys(COMMANDS).join(', ') + ')\n');
    return Promise.resolve(2);
  }
  const entry = COMMANDS[name];
  const quiet = entry.mosquittoStatus === true && argv.indexOf('--quiet') > 0;
  return new Promise<number>((resolve) => resolve(entry.run(argv.slice(1), io))).catch((error: unknown) => {
    if (!quiet) io.stderr.write('rxmqtt ' + name + ': ' + describeError(error) + '\n');
    return exitStatusOf(error, entry.mosquittoStatus === true);
  });
}
