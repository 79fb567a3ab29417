import { benchCommand } from './bench-command';
import { brokerCommand } from './broker-command';
import type { CliCommand, CliIo } from './cli-io';
import { describeError } from './describe-error';
import { gatewayCommand } from './gateway-command';
import { pubCommand } from './pub-command';
import { subCommand } from './sub-command';
import { UsageError } from './usage-error';

/** The commands of `rxmqtt`, by name, with their one-line summaries. */
export const COMMANDS: { readonly [name: string]: { readonly run: CliCommand; readonly summary: string } } = {
  sub: { run: subCommand, summary: 'subscribe to topic filters and print messages (like mosquitto_sub)' },
  pub: { run: pubCommand, summary: 'publish a message, a file or stdin lines (like mosquitto_pub)' },
  bench: { run: benchCommand, summary: 'measure publish/receive throughput and latency through a broker' },
  broker: { run: brokerCommand, summary: 'run an embedded MQTT broker (aedes) on the loopback interface' },
  gateway: { run: gatewayCommand, summary: 'bridge low-power UDP nodes to a broker (seed 004)' },
};

/** The top-level `rxmqtt --help` text. */
export function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const lines = ['Usage: rxmqtt <command> [options]', '', 'Commands:'];
  for (let i = 0; i < names.length; i++) lines.push('  ' + names[i].padEnd(8) + COMMANDS[names[i]].summary);
  lines.push('', "Run 'rxmqtt <command> --help' for the options of a command.");
  return lines.join('\n') + '\n';
}

/**
 * Runs `rxmqtt <command> ...args` and resolves to the exit status; never rejects and never
 * exits the process itself. A failure becomes one line on stderr,
 * `rxmqtt <command>: <what went wrong>`, with no stack trace: status 2 for a bad command
 * line (unknown flag or command, bad value, a `TypeError`/`RangeError` from the library's
 * argument checks), 1 for anything else (unreachable broker, refused CONNACK, ...).
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
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, name)) {
    io.stderr.write('rxmqtt: unknown command "' + name + '" (commands: ' + Object.keys(COMMANDS).join(', ') + ')\n');
    return Promise.resolve(2);
  }
  const command = COMMANDS[name].run;
  return new Promise<number>((resolve) => resolve(command(argv.slice(1), io))).catch((error: unknown) => {
    io.stderr.write('rxmqtt ' + name + ': ' + describeError(error) + '\n');
    return error instanceof UsageError || error instanceof TypeError || error instanceof RangeError ? 2 : 1;
  });
}
