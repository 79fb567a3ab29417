import { firstValueFrom } from 'rxjs';
import type { CliCommand } from './cli-io';
import { parseCommandLine } from './parse-command-line';
import { startEmbeddedBroker } from './embedded-broker';
import { UsageError } from './usage-error';

/** Flags of `rxmqtt broker`. */
export const BROKER_FLAGS = {
  host: { names: ['-h', '--host'], type: 'string', value: 'address', description: 'interface to listen on (default 127.0.0.1, loopback only)' },
  port: { names: ['-p', '--port'], type: 'number', value: 'port', description: 'port to listen on (default 1883; 0 picks a free one)' },
  verbose: { names: ['-v', '--verbose'], type: 'boolean', description: 'log connections, subscriptions and disconnections' },
} as const;

const HELP = {
  usage: 'rxmqtt broker [-p port] [-h address] [-v]',
  summary:
    'Runs an MQTT 3.1.1 broker (aedes, in memory) for local experiments until Ctrl-C.\n' +
    'Listens on the loopback interface unless -h says otherwise.',
};

/**
 * `rxmqtt broker`: runs the embedded aedes broker until Ctrl-C (or SIGTERM), then closes
 * every connection and resolves 0. Prints `listening on mqtt://host:port` once ready.
 * Rejects with the listen error (e.g. `EADDRINUSE`) when the port is taken.
 *
 * @example
 * ```sh
 * rxmqtt broker -p 1883 -v
 * ```
 */
export const brokerCommand: CliCommand = (argv, io) => {
  const flags = parseCommandLine(argv, io, HELP, BROKER_FLAGS);
  if (flags === undefined) return Promise.resolve(0);
  const port = flags.port !== undefined ? flags.port : 1883;
  if (port < 0 || port > 65535) throw new UsageError('option -p must be in 0..65535, got ' + port);
  return startEmbeddedBroker({ port, host: flags.host, onEvent: flags.verbose ? (line) => io.stdout.write(line + '\n') : undefined }).then(
    (broker) => {
      io.stdout.write('rxmqtt broker listening on ' + broker.url + ' (Ctrl-C stops it)\n');
      return firstValueFrom(io.interrupt$)
        .then(() => broker.stop())
        .then(() => 0);
    },
    (error: NodeJS.ErrnoException) => {
      const where = (flags.host || '127.0.0.1') + ':' + port;
      throw new Error('cannot listen on ' + where + ': ' + (error.code === 'EADDRINUSE' ? 'the address is in use (EADDRINUSE)' : error.message));
    },
  );
};
